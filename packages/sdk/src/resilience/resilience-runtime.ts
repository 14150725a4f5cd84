import type { ServiceBroker } from "moleculer";
import { configError } from "../broker/config-error.js";
import type { RetryOptions, ResilienceOptions } from "./resilience-options.js";
import { RESILIENCE_DEFAULTS } from "./resilience-options.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { systemClock, type Clock, type RandomSource } from "./clock.js";
import { resilienceMetrics, type ResilienceMetrics } from "./metrics.js";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget.js";

/** The resilience state of one broker: its clock, policies, retry budgets and circuits. */
export class ResilienceRuntime {
	readonly clock: Clock;
	readonly random: RandomSource;
	readonly retry: RetryOptions;
	readonly budget: RetryBudgetOptions;
	readonly breakerOptions: CircuitBreakerOptions;
	readonly idempotencyTtlMs: number;
	private readonly budgets = new Map<string, RetryBudget>();
	private metricsSink: ResilienceMetrics | undefined;
	readonly breaker: CircuitBreaker;

	constructor(options: ResilienceOptions, readonly requestTimeout: number) {
		this.clock = options.clock ?? systemClock;
		this.random = options.random ?? Math.random;
		this.retry = { ...RESILIENCE_DEFAULTS.retry, ...options.retry };
		this.budget = { ...RESILIENCE_DEFAULTS.retryBudget, ...options.retryBudget };
		this.breakerOptions = { ...RESILIENCE_DEFAULTS.circuitBreaker, ...options.circuitBreaker };
		this.idempotencyTtlMs = options.idempotencyTtlMs ?? RESILIENCE_DEFAULTS.idempotencyTtlMs;
		checkInt(this.retry.maxAttempts, "resilience.retry.maxAttempts", 1);
		checkInt(this.retry.baseMs, "resilience.retry.baseMs", 0);
		checkInt(this.retry.capMs, "resilience.retry.capMs", 0);
		checkRatio(this.budget.ratio, "resilience.retryBudget.ratio");
		checkInt(this.budget.minRetries, "resilience.retryBudget.minRetries", 0);
		checkInt(this.budget.windowMs, "resilience.retryBudget.windowMs", 1);
		checkInt(this.breakerOptions.windowMs, "resilience.circuitBreaker.windowMs", 1);
		checkInt(this.breakerOptions.minRequests, "resilience.circuitBreaker.minRequests", 1);
		checkRatio(this.breakerOptions.failureRatio, "resilience.circuitBreaker.failureRatio");
		checkInt(this.breakerOptions.openMs, "resilience.circuitBreaker.openMs", 1);
		checkInt(this.idempotencyTtlMs, "resilience.idempotencyTtlMs", 1);
		this.breaker = new CircuitBreaker(this.breakerOptions, this.clock, (endpoint, state) => this.metrics.circuitStateChanged(endpoint, state));
	}

	/** Registers metrics once the broker's metrics registry exists. */
	attach(broker: ServiceBroker): void {
		this.metricsSink = resilienceMetrics(broker);
	}

	get metrics(): ResilienceMetrics {
		return this.metricsSink ?? NO_METRICS;
	}

	/** One budget per target service: a dead service spends its own, not its neighbours'. */
	budgetFor(service: string): RetryBudget {
		let budget = this.budgets.get(service);
		if (!budget) {
			budget = new RetryBudget(this.budget, this.clock);
			this.budgets.set(service, budget);
		}
		return budget;
	}
}

const NO_METRICS: ResilienceMetrics = { retry: () => undefined, budgetExhausted: () => undefined, deadlineExceeded: () => undefined, circuitStateChanged: () => undefined };

function checkInt(value: number, setting: string, min: number): void {
	if (!Number.isInteger(value) || value < min) throw configError({ setting }, `must be an integer ≥ ${min}, got ${String(value)}`);
}

function checkRatio(value: number, setting: string): void {
	if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw configError({ setting }, `must be a number from 0 to 1, got ${String(value)}`);
}

import type { ServiceBroker } from "moleculer";
import { intAtLeast, ratio } from "../config/settings.js";
import type { RetryOptions, ResilienceOptions } from "./resilience-options.js";
import { RESILIENCE_DEFAULTS } from "./resilience-options.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { systemClock, type Clock, type RandomSource } from "../time/clock.js";
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

	constructor(
		options: ResilienceOptions,
		readonly requestTimeout: number
	) {
		this.clock = options.clock ?? systemClock;
		this.random = options.random ?? Math.random;
		this.retry = { ...RESILIENCE_DEFAULTS.retry, ...options.retry };
		this.budget = { ...RESILIENCE_DEFAULTS.retryBudget, ...options.retryBudget };
		this.breakerOptions = { ...RESILIENCE_DEFAULTS.circuitBreaker, ...options.circuitBreaker };
		this.idempotencyTtlMs = options.idempotencyTtlMs ?? RESILIENCE_DEFAULTS.idempotencyTtlMs;
		intAtLeast(this.retry.maxAttempts, 1, "resilience.retry.maxAttempts");
		intAtLeast(this.retry.baseMs, 0, "resilience.retry.baseMs");
		intAtLeast(this.retry.capMs, 0, "resilience.retry.capMs");
		ratio(this.budget.ratio, "resilience.retryBudget.ratio");
		intAtLeast(this.budget.minRetries, 0, "resilience.retryBudget.minRetries");
		intAtLeast(this.budget.windowMs, 1, "resilience.retryBudget.windowMs");
		intAtLeast(this.breakerOptions.windowMs, 1, "resilience.circuitBreaker.windowMs");
		intAtLeast(this.breakerOptions.minRequests, 1, "resilience.circuitBreaker.minRequests");
		ratio(this.breakerOptions.failureRatio, "resilience.circuitBreaker.failureRatio");
		intAtLeast(this.breakerOptions.openMs, 1, "resilience.circuitBreaker.openMs");
		intAtLeast(this.idempotencyTtlMs, 1, "resilience.idempotencyTtlMs");
		this.breaker = new CircuitBreaker(this.breakerOptions, this.clock, (endpoint, state) =>
			this.metrics.circuitStateChanged(endpoint, state)
		);
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

const NO_METRICS: ResilienceMetrics = {
	retry: () => undefined,
	budgetExhausted: () => undefined,
	deadlineExceeded: () => undefined,
	circuitStateChanged: () => undefined
};

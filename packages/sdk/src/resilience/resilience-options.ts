import type { BackoffOptions } from "./backoff.js";
import type { CircuitBreakerOptions } from "./circuit-breaker.js";
import type { Clock, RandomSource } from "../time/clock.js";
import type { RetryBudgetOptions } from "./retry-budget.js";

export interface RetryOptions extends BackoffOptions {
	/** Attempts in all, the first included; `1` turns retries off. Default `3`. */
	readonly maxAttempts: number;
}

/** Resilience settings of a broker (`createBroker({ resilience })`); each has a default. */
export interface ResilienceOptions {
	/** Retry policy for idempotent actions and calls with an idempotency key. */
	readonly retry?: Partial<RetryOptions>;
	/** Retries as a share of recent requests, per caller and target service. */
	readonly retryBudget?: Partial<RetryBudgetOptions>;
	/** Per-endpoint circuit breaker. */
	readonly circuitBreaker?: Partial<CircuitBreakerOptions>;
	/** How long a callee remembers an idempotency key's outcome, in ms. Default `86400000` (24 h). */
	readonly idempotencyTtlMs?: number;
	/** Time source. Default: the system clock. Tests pass a ManualClock. */
	readonly clock?: Clock;
	/** Random source for jitter. Default `Math.random`. */
	readonly random?: RandomSource;
}

export const RESILIENCE_DEFAULTS = {
	retry: { maxAttempts: 3, baseMs: 50, capMs: 1000 },
	retryBudget: { ratio: 0.2, minRetries: 3, windowMs: 10_000 },
	circuitBreaker: { enabled: true, windowMs: 10_000, minRequests: 20, failureRatio: 0.5, openMs: 5_000 },
	idempotencyTtlMs: 24 * 60 * 60 * 1000
} as const;

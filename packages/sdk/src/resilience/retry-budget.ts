import type { Clock } from "../time/clock.js";
import { SlidingWindow } from "./sliding-window.js";

export interface RetryBudgetOptions {
	/** Retries allowed as a share of requests in the window. Default `0.2` (Envoy's default budget). */
	readonly ratio: number;
	/** Retries always allowed per window, so a quiet caller can still retry. Default `3`. */
	readonly minRetries: number;
	/** Length of the sliding window in ms. Default `10000`. */
	readonly windowMs: number;
}

/**
 * Caps retries at `max(minRetries, ratio × requests)` over a sliding window,
 * so a dead dependency sees about (1 + ratio)× the original traffic instead
 * of maxAttempts×. One budget per caller and target service.
 */
export class RetryBudget {
	private readonly window: SlidingWindow<"requests" | "retries">;

	constructor(
		private readonly options: RetryBudgetOptions,
		clock: Clock
	) {
		this.window = new SlidingWindow(["requests", "retries"], options.windowMs, clock);
	}

	/** Counts one original (first-attempt) request. */
	recordRequest(): void {
		this.window.add("requests");
	}

	/** Takes one retry from the budget; false when it is spent. */
	tryRetry(): boolean {
		const allowed = Math.max(this.options.minRetries, this.options.ratio * this.window.total("requests"));
		if (this.window.total("retries") >= allowed) return false;
		this.window.add("retries");
		return true;
	}
}

import type { RandomSource } from "../time/clock.js";

export interface BackoffOptions {
	/** Delay scale of the first retry in ms. Default `50`. */
	readonly baseMs: number;
	/** No delay exceeds this, in ms. Default `1000`. */
	readonly capMs: number;
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a
 * uniform delay in [0, min(cap, base·2^retry)). Spreading retries over the
 * whole range keeps many callers that failed together from retrying together.
 * `retry` counts from 0 for the first retry.
 */
export function fullJitterDelay(retry: number, options: BackoffOptions, random: RandomSource): number {
	const ceiling = Math.min(options.capMs, options.baseMs * 2 ** retry);
	return Math.floor(random() * ceiling);
}

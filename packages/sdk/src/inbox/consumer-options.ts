import type { BackoffOptions } from "../resilience/backoff.js";

export interface ConsumerOptions {
	/**
	 * Instances of one group share the events (each event is handled by one
	 * of them, once). Default: the consuming service's full name (`v1.library`).
	 */
	readonly group?: string;
	/** Attempts before an event goes to the dead letters. Default `5`. */
	readonly maxAttempts?: number;
	/** Delay between attempts: full jitter from `baseMs`, doubling up to `capMs`. Default `{ baseMs: 200, capMs: 10000 }`. */
	readonly backoff?: BackoffOptions;
	/** Messages in flight for this consumer's channels. Default: the broker's `channels.maxInFlight` (100). */
	readonly maxInFlight?: number;
	/** How long handled event ids are remembered for deduplication, in ms. Keep it above the broker's retention. Default 8 days. */
	readonly inboxRetentionMs?: number;
}

export const CONSUMER_DEFAULTS = {
	maxAttempts: 5,
	backoff: { baseMs: 200, capMs: 10_000 },
	inboxRetentionMs: 8 * 24 * 3600_000
} as const;

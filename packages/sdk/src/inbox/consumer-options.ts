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
	/**
	 * Most events handled in one transaction. Events that arrive while earlier
	 * ones are being handled are grouped: one inbox statement and one commit
	 * for all of them, handlers run one after another, each key's events in
	 * order. If one fails, the group rolls back and each event runs alone.
	 * `1` gives every event its own transaction. Default `50`.
	 */
	readonly batchSize?: number;
	/**
	 * Transactions this consumer runs at once (never two with the same key).
	 * Raise it for handlers that wait on slow I/O; each one holds a database
	 * connection. Default `2`; `1` on SQLite (one connection: a second would only wait).
	 */
	readonly concurrency?: number;
	/** How long handled event ids are remembered for deduplication, in ms. Keep it above the broker's retention. Default 8 days. */
	readonly inboxRetentionMs?: number;
}

export const CONSUMER_DEFAULTS = {
	maxAttempts: 5,
	backoff: { baseMs: 200, capMs: 10_000 },
	inboxRetentionMs: 8 * 24 * 3600_000,
	batchSize: 50,
	concurrency: 2
} as const;

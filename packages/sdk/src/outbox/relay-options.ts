import type { BackoffOptions } from "../resilience/backoff.js";

export interface RelayOptions {
	/** Rows read and published per round. Default `500`. */
	readonly batchSize?: number;
	/**
	 * Partitions one relay locks per round (PostgreSQL). Lower spreads the
	 * work over more relays; of 32 partitions, 8 lets four relays work at once. Default `8`.
	 */
	readonly partitionsPerBatch?: number;
	/** Fallback poll when no wake-up (commit signal, NOTIFY) arrives, in ms. Default `1000`. */
	readonly pollIntervalMs?: number;
	/** Delay after a failed publish: full jitter from `baseMs`, doubling up to `capMs`. Default `{ baseMs: 100, capMs: 5000 }`. */
	readonly backoff?: BackoffOptions;
	/** How long sent rows are kept before the cleanup deletes them, in ms. Default 24 hours. */
	readonly retentionMs?: number;
	/** How often the cleanup runs, in ms. Default `60000`. */
	readonly cleanupIntervalMs?: number;
	/** How often pending count and lag are refreshed for metrics, in ms. Default `5000`. */
	readonly statsIntervalMs?: number;
}

export const RELAY_DEFAULTS = {
	batchSize: 500,
	partitionsPerBatch: 8,
	pollIntervalMs: 1000,
	backoff: { baseMs: 100, capMs: 5000 },
	retentionMs: 24 * 3600_000,
	cleanupIntervalMs: 60_000,
	statsIntervalMs: 5000
} as const;

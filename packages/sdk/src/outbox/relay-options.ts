import type { BackoffOptions } from "../resilience/backoff.js";
import { OUTBOX_PARTITIONS } from "./partition.js";

export interface RelayOptions {
	/** Rows read and published per round. Default `500`. */
	readonly batchSize?: number;
	/**
	 * Most partitions one relay locks per round (PostgreSQL). Each round a relay
	 * takes its share of the partitions that have waiting rows (their number
	 * divided by the relays running for this outbox), so one relay alone takes
	 * them all and three take about a third each; this caps the share. Default
	 * `32` (all: no cap).
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
	partitionsPerBatch: OUTBOX_PARTITIONS,
	pollIntervalMs: 1000,
	backoff: { baseMs: 100, capMs: 5000 },
	retentionMs: 24 * 3600_000,
	cleanupIntervalMs: 60_000,
	statsIntervalMs: 5000
} as const;

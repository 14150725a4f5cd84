/** A gateway variant listening on 127.0.0.1. */
export interface RunningServer {
	readonly port: number;
	stop(): Promise<unknown>;
}

/**
 * Budgets far above what two cores can serve (a million requests per user
 * and per address each second), so the limiter does its full work on every
 * request and never answers 429.
 */
export const BENCH_RATE_LIMIT = { perUser: { points: 1_000_000, durationSec: 1 }, perIp: { points: 1_000_000, durationSec: 1 } } as const;

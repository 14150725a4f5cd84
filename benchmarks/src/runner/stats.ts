/** Nearest-rank percentile of an ascending array; `p` in [0, 100]. */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
	const n = sortedAscending.length;
	if (n === 0) return Number.NaN;
	if (p <= 0) return sortedAscending[0]!;
	const rank = Math.ceil((p / 100) * n);
	return sortedAscending[Math.min(n, rank) - 1]!;
}

export interface LatencySummary {
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly maxMs: number;
}

export function summarizeLatencies(latenciesMs: Float64Array): LatencySummary {
	const sorted = Float64Array.from(latenciesMs).sort();
	return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

/** `value / baseline`, or NaN when the baseline is missing or zero. */
export function ratio(value: number, baseline: number | undefined): number {
	return baseline === undefined || baseline === 0 ? Number.NaN : value / baseline;
}

/** The best of several runs by throughput (noise on a shared machine only ever slows a run down). */
export function bestOf<T extends { opsPerSec: number }>(runs: readonly T[]): T {
	if (runs.length === 0) throw new Error("bestOf needs at least one run");
	return runs.reduce((best, run) => (run.opsPerSec > best.opsPerSec ? run : best));
}

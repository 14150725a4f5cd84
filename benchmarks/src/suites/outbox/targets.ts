// The outbox issue's targets. The suite reports them; it never fails a run on them.

/** Outbox events/s at least this share of the raw baseline's, same broker. */
export const THROUGHPUT_TARGET = 0.5;
/** Commit-to-handled p99 under this at FIXED_RATE on PostgreSQL + JetStream. */
export const LAG_P99_TARGET_MS = 100;
export const FIXED_RATE = 1000;

const verdict = (met: boolean) => (met ? "**met**" : "**missed**");

export function throughputNote(group: string, variant: string, ratio: number): string {
	return `${group}, ${variant}: ${ratio.toFixed(2)}× the raw baseline's events/s (target ≥ ${THROUGHPUT_TARGET}×): ${verdict(ratio >= THROUGHPUT_TARGET)}`;
}

export function lagNote(group: string, variant: string, p50Ms: number, p99Ms: number): string {
	return `${group}, ${variant}: lag p50 ${p50Ms.toFixed(0)} ms, p99 ${p99Ms.toFixed(0)} ms (target p99 < ${LAG_P99_TARGET_MS} ms at ${FIXED_RATE.toLocaleString("en-US")} events/s): ${verdict(p99Ms < LAG_P99_TARGET_MS)}`;
}

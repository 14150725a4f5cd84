import type { WriteEvent } from "./event-writers.js";

export interface WriteSummary {
	/** Date.now() when the first write began: the start of the end-to-end clock. */
	readonly startedAt: number;
	/** Writes completed per second, producer side only. */
	readonly writesPerSec: number;
}

/** `count` writes from `writers` concurrent writers, each starting its next write when its last one is done. */
export async function writeClosedLoop(write: WriteEvent, run: string, count: number, writers: number): Promise<WriteSummary> {
	let next = 0;
	const startedAt = Date.now();
	const start = performance.now();
	await Promise.all(
		Array.from({ length: writers }, async () => {
			while (next < count) await write(run, next++);
		})
	);
	return { startedAt, writesPerSec: count / ((performance.now() - start) / 1000) };
}

/**
 * `count` writes started at a fixed rate whatever the previous ones are
 * doing (an open loop, so a slow commit delays only itself), the way
 * independent requests arrive at a service.
 */
export async function writeAtRate(write: WriteEvent, run: string, count: number, perSecond: number): Promise<WriteSummary> {
	const startedAt = Date.now();
	const start = performance.now();
	const inFlight: Promise<void>[] = [];
	let next = 0;
	while (next < count) {
		const due = Math.min(count, Math.floor(((performance.now() - start) * perSecond) / 1000) + 1);
		while (next < due) inFlight.push(write(run, next++));
		// Timers fire at ~1 ms granularity; writes that fell due meanwhile start together on the next tick.
		await new Promise(resolve => setTimeout(resolve, 1));
	}
	await Promise.all(inFlight);
	return { startedAt, writesPerSec: count / ((performance.now() - start) / 1000) };
}

/**
 * Time as the resilience layer sees it. Production uses the system clock;
 * tests pass a ManualClock (from `@backbeat/sdk/testing`) so deadlines,
 * backoff and circuit timers are exact and no test sleeps.
 */
export interface Clock {
	/** Milliseconds on a monotonic scale. */
	now(): number;
	/** Runs `fn` after `ms`; returns a function that cancels it. */
	setTimer(ms: number, fn: () => void): () => void;
	/** Resolves after `ms`. */
	sleep(ms: number): Promise<void>;
}

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Milliseconds from `process.hrtime`, the base Moleculer's own context timers use. */
export function hrtimeMs(time: readonly [number, number] = process.hrtime()): number {
	return time[0] * 1e3 + time[1] / 1e6;
}

export const systemClock: Clock = {
	now: () => hrtimeMs(),
	setTimer(ms, fn) {
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
	sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
};

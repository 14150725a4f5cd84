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

export const systemClock: Clock = {
	now: () => performance.now(),
	setTimer(ms, fn) {
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
	sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
};

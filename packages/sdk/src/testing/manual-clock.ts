import type { Clock, RandomSource } from "../time/clock.js";

interface Timer {
	readonly due: number;
	readonly seq: number;
	readonly fn: () => void;
}

/**
 * A clock that moves only when told, for exact tests of deadlines, backoff
 * and circuit timers. `advance(ms)` fires due timers in time order. With
 * `autoAdvanceSleeps`, every `sleep(ms)` moves the clock by `ms` itself, so
 * retry loops run at full speed while their delays are still measured.
 */
export class ManualClock implements Clock {
	private time = 0;
	private seq = 0;
	private timers: Timer[] = [];
	/** Every sleep requested, in order (backoff delays, for instance). */
	readonly sleeps: number[] = [];

	constructor(private readonly options: { autoAdvanceSleeps?: boolean } = {}) {}

	now(): number {
		return this.time;
	}

	setTimer(ms: number, fn: () => void): () => void {
		const timer = { due: this.time + Math.max(0, ms), seq: this.seq++, fn };
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter(t => t !== timer);
		};
	}

	sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		if (this.options.autoAdvanceSleeps) {
			this.advance(ms);
			return Promise.resolve();
		}
		return new Promise(resolve => this.setTimer(ms, resolve));
	}

	/** Moves time forward, firing every timer that falls due, earliest first. */
	advance(ms: number): void {
		const target = this.time + ms;
		for (;;) {
			const next = this.timers.filter(t => t.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
			if (!next) break;
			this.timers = this.timers.filter(t => t !== next);
			this.time = next.due;
			next.fn();
		}
		this.time = target;
	}

	/** Timers waiting to fire. */
	get pending(): number {
		return this.timers.length;
	}
}

/** A repeatable random source (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): RandomSource {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

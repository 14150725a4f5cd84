import type { Clock } from "../time/clock.js";

const SLOTS = 10;

/**
 * Counts named events over the last `windowMs`, in ten slots so old counts
 * fall away in steps instead of all at once.
 */
export class SlidingWindow<Name extends string> {
	private readonly slots: Array<Record<Name, number>> = [];
	private current = 0;
	private slotStartedAt: number;
	private readonly slotMs: number;

	constructor(
		private readonly names: readonly Name[],
		windowMs: number,
		private readonly clock: Clock
	) {
		this.slotMs = windowMs / SLOTS;
		for (let i = 0; i < SLOTS; i++) this.slots.push(this.emptySlot());
		this.slotStartedAt = clock.now();
	}

	add(name: Name): void {
		this.rotate();
		this.slots[this.current]![name] += 1;
	}

	total(name: Name): number {
		this.rotate();
		let total = 0;
		for (const slot of this.slots) total += slot[name];
		return total;
	}

	reset(): void {
		for (let i = 0; i < SLOTS; i++) this.slots[i] = this.emptySlot();
	}

	private emptySlot(): Record<Name, number> {
		const slot = {} as Record<Name, number>;
		for (const name of this.names) slot[name] = 0;
		return slot;
	}

	private rotate(): void {
		const elapsed = Math.floor((this.clock.now() - this.slotStartedAt) / this.slotMs);
		if (elapsed <= 0) return;
		for (let i = 0; i < Math.min(elapsed, SLOTS); i++) {
			this.current = (this.current + 1) % SLOTS;
			this.slots[this.current] = this.emptySlot();
		}
		this.slotStartedAt += elapsed * this.slotMs;
	}
}

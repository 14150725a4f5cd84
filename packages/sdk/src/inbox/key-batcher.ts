/**
 * Groups items that arrive while earlier work is still running into
 * batches, so a consumer can handle many events in one transaction, while
 * keeping each key's items in arrival order.
 *
 * At most `concurrency` batches run at once. A key belongs to at most one
 * running batch, and an item is never taken ahead of an earlier item of its
 * key, so per-key order holds across batches. Under light load an item
 * starts alone at once (no waiting to fill a batch); under heavy load the
 * running batches hold their slots and the next ones grow up to `maxSize`.
 */
export class KeyBatcher<T> {
	private readonly pending: Queued<T>[] = [];
	private readonly busyKeys = new Set<string>();
	private running = 0;

	constructor(
		private readonly maxSize: number,
		private readonly concurrency: number,
		private readonly runBatch: (items: T[]) => Promise<void>
	) {}

	/** Resolves when the batch holding `item` has run; rejects with that batch's error. */
	submit(key: string, item: T): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			this.pending.push({ key, item, settle: { resolve, reject } });
			this.dispatch();
		});
	}

	private dispatch(): void {
		while (this.running < this.concurrency && this.pending.length > 0) {
			const batch = this.takeBatch();
			if (batch.length === 0) return;
			this.running++;
			void this.runBatch(batch.map(entry => entry.item)).then(
				() => this.finish(batch, settle => settle.resolve()),
				(error: unknown) => this.finish(batch, settle => settle.reject(error))
			);
		}
	}

	private takeBatch(): Queued<T>[] {
		const taken: Queued<T>[] = [];
		const takenKeys = new Set<string>();
		// Keys skipped in this scan stay skipped, so a later item never overtakes an earlier one of its key.
		const blocked = new Set<string>();
		for (let index = 0; index < this.pending.length && taken.length < this.maxSize; ) {
			const entry = this.pending[index]!;
			if (blocked.has(entry.key) || (this.busyKeys.has(entry.key) && !takenKeys.has(entry.key))) {
				blocked.add(entry.key);
				index++;
				continue;
			}
			taken.push(entry);
			takenKeys.add(entry.key);
			this.pending.splice(index, 1);
		}
		for (const key of takenKeys) this.busyKeys.add(key);
		return taken;
	}

	private finish(batch: readonly Queued<T>[], settle: (s: Settle) => void): void {
		for (const entry of batch) this.busyKeys.delete(entry.key);
		this.running--;
		for (const entry of batch) settle(entry.settle);
		this.dispatch();
	}
}

interface Queued<T> {
	readonly key: string;
	readonly item: T;
	readonly settle: Settle;
}

interface Settle {
	resolve(): void;
	reject(error: unknown): void;
}

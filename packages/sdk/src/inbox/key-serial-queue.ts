/**
 * Runs tasks of one key one after another, in the order they were queued,
 * and tasks of different keys concurrently. This is how a consumer with many
 * messages in flight still handles each key's events in order.
 */
export class KeySerialQueue {
	private readonly tails = new Map<string, Promise<unknown>>();

	run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.then(task, task);
		const tail = result.then(
			() => undefined,
			() => undefined
		);
		this.tails.set(key, tail);
		// Forget the key once its last task is done, so the map holds only busy keys.
		void tail.then(() => {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		});
		return result;
	}
}

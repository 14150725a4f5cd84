export interface EventuallyOptions {
	/** Give up after this many milliseconds. Default `10000`. */
	readonly timeoutMs?: number;
	/** Milliseconds between checks. Default `20`. */
	readonly intervalMs?: number;
	/** Names what was awaited in the timeout error. Default `"condition"`. */
	readonly what?: string;
}

/** What a truthy check result can be. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

/**
 * Resolves with the first truthy result of `check`, tried at once and then
 * every `intervalMs`; rejects when `timeoutMs` passes first, with the last
 * value seen or the last error `check` threw. For state that changes
 * elsewhere (another process, a database) and has no event to await:
 *
 * ```ts
 * await eventually(async () => (await relay.stats()).pending === 0, { what: "the outbox drained" });
 * ```
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<Truthy<T>> {
	const { timeoutMs = 10_000, intervalMs = 20, what = "condition" } = options;
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	let failure: unknown;
	for (;;) {
		try {
			last = await check();
			failure = undefined;
			if (last) return last as Truthy<T>;
		} catch (error) {
			failure = error;
		}
		if (Date.now() >= deadline) break;
		await new Promise(resolve => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
	}
	const seen =
		failure === undefined
			? `last value ${JSON.stringify(last)}`
			: `last error: ${failure instanceof Error ? failure.message : String(failure)}`;
	throw new Error(`${what} not reached within ${timeoutMs} ms (${seen})`, { cause: failure });
}

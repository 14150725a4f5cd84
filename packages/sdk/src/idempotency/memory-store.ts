import { toBackbeatError } from "../errors/normalize.js";
import type { Clock } from "../time/clock.js";
import { keyConflict, replay, toOutcome, type IdempotencyStore, type IdempotentRequest, type Outcome } from "./idempotency-store.js";

interface Entry {
	readonly fingerprint: string;
	expiresAt: number;
	readonly outcome: Promise<Outcome>;
}

/** Outcomes in this process's memory: right for one instance, or embedded mode. */
export class MemoryIdempotencyStore implements IdempotencyStore {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly clock: Clock) {}

	async execute(request: IdempotentRequest, run: () => Promise<unknown>): Promise<unknown> {
		const now = this.clock.now();
		const existing = this.entries.get(request.scope);
		if (existing && existing.expiresAt > now) {
			if (existing.fingerprint !== request.fingerprint) throw keyConflict(request);
			// A concurrent duplicate shares the first call's promise, so it waits for the same outcome.
			return replay(await existing.outcome);
		}
		this.evictExpired(now);
		const outcome = run().then(
			(value): Outcome => ({ ok: true, value }),
			(err: unknown): Outcome => {
				const error = toBackbeatError(err);
				if (error.retryable) this.entries.delete(request.scope);
				return toOutcome(error);
			}
		);
		this.entries.set(request.scope, { fingerprint: request.fingerprint, expiresAt: now + request.ttlMs, outcome });
		return replay(await outcome);
	}

	async close(): Promise<void> {
		this.entries.clear();
	}

	// Entries are kept in insertion order, which is expiry order for one TTL: stop at the first live one.
	private evictExpired(now: number): void {
		for (const [scope, entry] of this.entries) {
			if (entry.expiresAt > now) return;
			this.entries.delete(scope);
		}
	}
}

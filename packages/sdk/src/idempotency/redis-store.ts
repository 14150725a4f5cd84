import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import { BackbeatError } from "../errors/backbeat-error.js";
import { toBackbeatError } from "../errors/normalize.js";
import { keyConflict, replay, toOutcome, type IdempotencyStore, type IdempotentRequest, type Outcome } from "./idempotency-store.js";

interface Record {
	readonly fingerprint: string;
	readonly outcome?: Outcome;
}

const require = createRequire(import.meta.url);

/**
 * Outcomes in Redis, shared by every instance of a service. The first caller
 * claims the key with SET NX; duplicates poll until the outcome is written
 * (or the claim vanishes because the first failed retryably, and they claim it).
 */
export class RedisIdempotencyStore implements IdempotencyStore {
	private readonly redis: Redis;

	constructor(
		url: string,
		private readonly prefix: string
	) {
		const IORedis = require("ioredis") as typeof import("ioredis");
		this.redis = new IORedis.Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
	}

	async execute(request: IdempotentRequest, run: () => Promise<unknown>): Promise<unknown> {
		const key = `${this.prefix}${request.scope}`;
		const giveUpAt = Date.now() + request.waitMs;
		for (let poll = 0; ; poll++) {
			const claimed = await this.redis.set(
				key,
				JSON.stringify({ fingerprint: request.fingerprint } satisfies Record),
				"PX",
				request.ttlMs,
				"NX"
			);
			if (claimed === "OK") return this.runClaimed(key, request, run);
			const stored = await this.redis.get(key);
			if (stored !== null) {
				const record = JSON.parse(stored) as Record;
				if (record.fingerprint !== request.fingerprint) throw keyConflict(request);
				if (record.outcome) return replay(record.outcome);
			}
			if (Date.now() >= giveUpAt) {
				throw new BackbeatError("DEADLINE_EXCEEDED", `Gave up waiting for the first call of ${request.scope}`, {
					data: { scope: request.scope }
				});
			}
			// Poll fast at first (the common duplicate arrives while the first is running), then back off.
			await new Promise(resolve => setTimeout(resolve, Math.min(100, 2 ** poll)));
		}
	}

	async close(): Promise<void> {
		if (this.redis.status !== "end") await this.redis.quit().catch(() => this.redis.disconnect());
	}

	private async runClaimed(key: string, request: IdempotentRequest, run: () => Promise<unknown>): Promise<unknown> {
		let outcome: Outcome;
		try {
			outcome = { ok: true, value: await run() };
		} catch (err) {
			const error = toBackbeatError(err);
			if (error.retryable) {
				await this.redis.del(key);
				throw error;
			}
			outcome = toOutcome(error);
		}
		await this.redis.set(key, JSON.stringify({ fingerprint: request.fingerprint, outcome } satisfies Record), "PX", request.ttlMs);
		return replay(outcome);
	}
}

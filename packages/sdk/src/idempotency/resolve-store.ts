import { createRequire } from "node:module";
import { configError, type SettingSource } from "../config/settings.js";
import type { Clock } from "../time/clock.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import { MemoryIdempotencyStore } from "./memory-store.js";
import { RedisIdempotencyStore } from "./redis-store.js";

const require = createRequire(import.meta.url);

/** `memory` (default) or a `redis://` URL shared by every instance. */
export function resolveIdempotencyStore(
	value: string | undefined,
	source: SettingSource,
	namespace: string,
	clock: Clock
): IdempotencyStore {
	const text = (value ?? "memory").trim();
	if (text === "memory" || text === "") return new MemoryIdempotencyStore(clock);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw configError(source, `'${text}' is neither 'memory' nor a redis:// URL`);
	}
	if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
		throw configError(source, `unsupported store '${url.protocol}'; expected memory or redis://host:6379`);
	}
	try {
		require.resolve("ioredis");
	} catch {
		throw configError(source, "the Redis idempotency store needs the 'ioredis' package: npm install ioredis@5");
	}
	return new RedisIdempotencyStore(url.href, `${namespace || "default"}:backbeat:idempotency:`);
}

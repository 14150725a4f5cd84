import type { ServerResponse } from "node:http";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { BackbeatError } from "../errors/backbeat-error.js";

/** `points` requests per `durationSec` seconds; a client may spend them in one burst. */
export interface RateBudget {
	readonly points: number;
	readonly durationSec: number;
}

export interface RateLimitOptions {
	/** Budget of each signed-in user (by token subject), or `false`. Default 500 per 10 s: 50/s on average, bursts allowed. */
	readonly perUser?: RateBudget | false;
	/** Budget of each client address, signed in or not, or `false`. Default 2000 per 10 s. */
	readonly perIp?: RateBudget | false;
	/** Stricter budgets for single actions, by Moleculer name (`v1.users.login`), counted per user or else per address. Default none. */
	readonly actions?: Readonly<Record<string, RateBudget>>;
	/** Redis shared by every gateway instance. Default: `BACKBEAT_REDIS_URL`; without one, each gateway counts in its own memory. */
	readonly redisUrl?: string;
	/** Prefix of the Redis keys. Default `"backbeat:rate"`. */
	readonly keyPrefix?: string;
}

export const RATE_LIMIT_DEFAULTS = {
	perUser: { points: 500, durationSec: 10 },
	perIp: { points: 2000, durationSec: 10 },
	keyPrefix: "backbeat:rate"
} as const;

/** Who is asking, for budgets. */
export interface RateSubject {
	readonly ip: string;
	readonly userId: string | undefined;
	readonly action: string;
}

/** Charges a request to its budgets: sets `RateLimit-*` headers, or throws TOO_MANY_REQUESTS with `Retry-After` set. */
export interface RateLimiter {
	charge(subject: RateSubject, res: ServerResponse): Promise<void>;
	close(): Promise<void>;
}

/** Where a Redis URL points, without its credentials. */
function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return "(an unparsable URL)";
	}
}

function checkBudget(budget: RateBudget, setting: string): void {
	const ok = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value > 0;
	if (!ok(budget.points) || !ok(budget.durationSec)) {
		throw new BackbeatError("CONFIG_INVALID", `${setting} must be { points, durationSec } with positive integers`, {
			data: { setting }
		});
	}
}

interface Limit {
	readonly limiter: RateLimiterAbstract;
	readonly budget: RateBudget;
	readonly key: (subject: RateSubject) => string | undefined;
}

/**
 * Budgets on rate-limiter-flexible: in memory, or in Redis so several
 * gateways share one budget (with an in-memory insurance limiter, so a Redis
 * outage degrades to per-gateway counting instead of failing requests).
 */
export async function createRateLimiter(options: RateLimitOptions, env: NodeJS.ProcessEnv = process.env): Promise<RateLimiter> {
	const perUser = options.perUser === undefined ? RATE_LIMIT_DEFAULTS.perUser : options.perUser;
	const perIp = options.perIp === undefined ? RATE_LIMIT_DEFAULTS.perIp : options.perIp;
	const prefix = options.keyPrefix ?? RATE_LIMIT_DEFAULTS.keyPrefix;
	if (perUser) checkBudget(perUser, "rateLimit.perUser");
	if (perIp) checkBudget(perIp, "rateLimit.perIp");
	for (const [action, budget] of Object.entries(options.actions ?? {})) checkBudget(budget, `rateLimit.actions.${action}`);

	const redisUrl = options.redisUrl ?? env["BACKBEAT_REDIS_URL"];
	let redis: Redis | undefined;
	if (redisUrl) {
		const { Redis: RedisClient } = await import("ioredis");
		redis = new RedisClient(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
		await redis.connect().catch((error: unknown) => {
			redis?.disconnect();
			throw new BackbeatError("CONFIG_INVALID", `rate limit Redis at ${hostOf(redisUrl)} is unreachable: ${String(error)}`, {
				data: { setting: options.redisUrl ? "rateLimit.redisUrl" : "BACKBEAT_REDIS_URL" }
			});
		});
	}
	const make = (name: string, budget: RateBudget): RateLimiterAbstract => {
		const base = { points: budget.points, duration: budget.durationSec, keyPrefix: `${prefix}:${name}` };
		if (!redis) return new RateLimiterMemory(base);
		return new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
	};
	const limits: Limit[] = [];
	if (perIp) limits.push({ limiter: make("ip", perIp), budget: perIp, key: s => s.ip });
	if (perUser) limits.push({ limiter: make("user", perUser), budget: perUser, key: s => s.userId });
	const actionLimits = new Map(
		Object.entries(options.actions ?? {}).map(([action, budget]) => [
			action,
			{ limiter: make(`action:${action}`, budget), budget, key: (s: RateSubject) => s.userId ?? `ip:${s.ip}` }
		])
	);

	return {
		async charge(subject, res) {
			const applicable = limits.filter(limit => limit.key(subject) !== undefined);
			const actionLimit = actionLimits.get(subject.action);
			if (actionLimit) applicable.push(actionLimit);
			// The budget closest to running out is the one the headers describe.
			let tightest: { budget: RateBudget; state: RateLimiterRes } | undefined;
			for (const limit of applicable) {
				let state: RateLimiterRes;
				try {
					state = await limit.limiter.consume(limit.key(subject) as string);
				} catch (rejection) {
					if (!(rejection instanceof RateLimiterRes)) throw rejection;
					const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
					setHeaders(res, limit.budget, rejection);
					res.setHeader("retry-after", String(retryAfter));
					throw new BackbeatError("TOO_MANY_REQUESTS", `Too many requests: try again in ${retryAfter} s`, {
						data: { retryAfterSec: retryAfter, limit: limit.budget.points, windowSec: limit.budget.durationSec }
					});
				}
				if (!tightest || state.remainingPoints / limit.budget.points < tightest.state.remainingPoints / tightest.budget.points) {
					tightest = { budget: limit.budget, state };
				}
			}
			if (tightest) setHeaders(res, tightest.budget, tightest.state);
		},
		async close() {
			redis?.disconnect();
		}
	};
}

/** The IETF draft's `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window ends). */
function setHeaders(res: ServerResponse, budget: RateBudget, state: RateLimiterRes): void {
	res.setHeader("ratelimit-limit", String(budget.points));
	res.setHeader("ratelimit-remaining", String(Math.max(0, state.remainingPoints)));
	res.setHeader("ratelimit-reset", String(Math.ceil(state.msBeforeNext / 1000)));
}

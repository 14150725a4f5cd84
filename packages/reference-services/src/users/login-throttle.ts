import { BackbeatError } from "@backbeat/sdk";
import type { UsersDatabase } from "./database.js";

/** How failed logins of one account are slowed down. */
export interface LoginThrottleOptions {
	/** Failures allowed before waits begin. Default 5. */
	readonly freeFailures?: number;
	/** The first wait; each further failure doubles it. Default 1,000 ms. */
	readonly baseDelayMs?: number;
	/** The longest wait. Default 15 minutes. */
	readonly maxDelayMs?: number;
}

export const LOGIN_THROTTLE_DEFAULTS = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 } as const;

/**
 * Counts failed logins per email (known or not, so the answer says nothing
 * about which emails exist) and refuses attempts that come too soon after
 * the last failure, the right password included.
 */
export function loginThrottle(database: UsersDatabase, options: LoginThrottleOptions = {}) {
	const free = options.freeFailures ?? LOGIN_THROTTLE_DEFAULTS.freeFailures;
	const base = options.baseDelayMs ?? LOGIN_THROTTLE_DEFAULTS.baseDelayMs;
	const max = options.maxDelayMs ?? LOGIN_THROTTLE_DEFAULTS.maxDelayMs;
	return {
		/** TOO_MANY_REQUESTS while the account must wait. */
		async check(emailKey: string, now: number): Promise<void> {
			const row = await database.db.selectFrom("login_failures").selectAll().where("email_key", "=", emailKey).executeTakeFirst();
			if (!row || row.failures < free) return;
			const waitUntil = Number(row.last_failed_at) + Math.min(max, base * 2 ** (row.failures - free));
			if (now >= waitUntil) return;
			const retryAfterSec = Math.ceil((waitUntil - now) / 1000);
			throw new BackbeatError("TOO_MANY_REQUESTS", `Too many failed logins; try again in ${retryAfterSec} s`, {
				data: { retryAfterSec }
			});
		},
		async failed(emailKey: string, now: number): Promise<void> {
			await database.db
				.insertInto("login_failures")
				.values({ email_key: emailKey, failures: 1, last_failed_at: now })
				.onConflict(conflict =>
					conflict
						.column("email_key")
						.doUpdateSet(eb => ({ failures: eb("login_failures.failures", "+", 1), last_failed_at: now }))
				)
				.execute();
		},
		async succeeded(emailKey: string): Promise<void> {
			await database.db.deleteFrom("login_failures").where("email_key", "=", emailKey).execute();
		}
	};
}

import { randomUUID } from "node:crypto";
import { BackbeatError, defineService, signedInUser, type ServiceDefinition } from "@backbeat/sdk";
import { issueToken } from "@backbeat/sdk/gateway";
import type { z } from "zod";
import { platformJwtSecret } from "../config/jwt-secret.js";
import { UsersContract, type User } from "./contract.js";
import { openUsersDatabase, type UsersDatabase, type UsersTables } from "./database.js";
import { loginThrottle, type LoginThrottleOptions } from "./login-throttle.js";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.js";
import { issueRefreshToken, rotateRefreshToken } from "./refresh-tokens.js";

type UserView = z.output<typeof User>;

export interface UsersServiceOptions {
	/** HS256 secret of the access tokens (the gateway's). Default `platformJwtSecret()`. */
	readonly jwtSecret?: string;
	/** Access token lifetime. Default 900 s. */
	readonly accessTokenTtlSec?: number;
	/** Refresh token lifetime. Default 30 days. */
	readonly refreshTokenTtlSec?: number;
	readonly loginThrottle?: LoginThrottleOptions;
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
}

export const USERS_DEFAULTS = { accessTokenTtlSec: 900, refreshTokenTtlSec: 30 * 24 * 3600 } as const;

const emailKey = (email: string) => email.trim().toLowerCase();

function view(row: UsersTables["users"]): UserView {
	return { id: row.id, email: row.email, displayName: row.display_name, plan: row.plan as UserView["plan"] };
}

function isUniqueViolation(error: unknown): boolean {
	const { code, message } = error as { code?: unknown; message?: unknown };
	return code === "23505" || (typeof message === "string" && message.includes("UNIQUE constraint failed"));
}

/** The users service on `database`; without one it opens (and on stop closes) `openUsersDatabase()`. */
export function createUsersService(database?: UsersDatabase, options: UsersServiceOptions = {}): ServiceDefinition {
	const ownDatabase = database === undefined;
	const db = database ?? openUsersDatabase();
	return usersService(db, options, ownDatabase);
}

function usersService(database: UsersDatabase, options: UsersServiceOptions, ownDatabase: boolean): ServiceDefinition {
	const now = options.now ?? Date.now;
	const secret = options.jwtSecret ?? platformJwtSecret();
	const accessTtl = options.accessTokenTtlSec ?? USERS_DEFAULTS.accessTokenTtlSec;
	const refreshTtlMs = (options.refreshTokenTtlSec ?? USERS_DEFAULTS.refreshTokenTtlSec) * 1000;
	const throttle = loginThrottle(database, options.loginThrottle);
	const accessToken = (userId: string) => issueToken({ id: userId, roles: [] }, { secret, expiresInSec: accessTtl });

	async function findUser(id: string): Promise<UsersTables["users"]> {
		const row = await database.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
		if (!row) throw new BackbeatError("NOT_FOUND", `User '${id}' does not exist`, { data: { id } });
		return row;
	}

	return defineService(UsersContract, {
		outbox: { database },
		actions: {
			async register(ctx) {
				const { email, password, displayName } = ctx.params;
				const key = emailKey(email);
				const taken = () =>
					new BackbeatError("CONFLICT", "An account with this email exists already", { data: { field: "email" } });
				if (await database.db.selectFrom("users").select("id").where("email_key", "=", key).executeTakeFirst()) throw taken();
				const row = {
					id: randomUUID(),
					email: email.trim(),
					email_key: key,
					password_hash: await hashPassword(password),
					display_name: displayName,
					plan: "free",
					created_at: new Date(now()).toISOString()
				};
				try {
					const refreshToken = await database.transaction(ctx, async tx => {
						await tx.db.insertInto("users").values(row).execute();
						await tx.publish(UsersContract, "registered", { ...view(row), registeredAt: row.created_at }, { key: row.id });
						return issueRefreshToken(tx.db, row.id, now() + refreshTtlMs);
					});
					return { user: view(row), accessToken: await accessToken(row.id), refreshToken };
				} catch (error) {
					// Two registrations of one email at once: the unique index lets one through.
					if (isUniqueViolation(error)) throw taken();
					throw error;
				}
			},
			async login(ctx) {
				const key = emailKey(ctx.params.email);
				await throttle.check(key, now());
				const row = await database.db.selectFrom("users").selectAll().where("email_key", "=", key).executeTakeFirst();
				const matches = await verifyPassword(ctx.params.password, row?.password_hash ?? (await decoyHash()));
				if (!row || !matches) {
					await throttle.failed(key, now());
					throw new BackbeatError("UNAUTHORIZED", "The email or password is wrong");
				}
				await throttle.succeeded(key);
				const refreshToken = await database.transaction(ctx, tx => issueRefreshToken(tx.db, row.id, now() + refreshTtlMs));
				return { user: view(row), accessToken: await accessToken(row.id), refreshToken };
			},
			async refresh(ctx) {
				const next = await rotateRefreshToken(database, ctx, ctx.params.refreshToken, now(), now() + refreshTtlMs);
				return { accessToken: await accessToken(next.userId), refreshToken: next.refreshToken };
			},
			me: async ctx => view(await findUser(signedInUser(ctx).id)),
			async updateMe(ctx) {
				const id = signedInUser(ctx).id;
				await database.db.updateTable("users").set({ display_name: ctx.params.displayName }).where("id", "=", id).execute();
				return view(await findUser(id));
			},
			getUser: async ctx => view(await findUser(ctx.params.id))
			// backbeat: actions end
		},
		async stopped() {
			if (ownDatabase) await database.close();
		}
	});
}

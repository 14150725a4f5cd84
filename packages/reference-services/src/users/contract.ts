import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";

export const Plan = z.enum(["free", "premium"]);

/** A user as the API shows it (never the password hash). */
export const User = z.object({ id: z.string(), email: z.string(), displayName: z.string(), plan: Plan });

const Email = z.email().max(254);
const Password = z.string().min(8).max(200);
const DisplayName = z.string().trim().min(1).max(100);
const TokenPair = z.object({ accessToken: z.string(), refreshToken: z.string() });
const Session = TokenPair.extend({ user: User });

/** Accounts, passwords and sessions: who a caller is. */
export const UsersContract = defineContract({
	name: "users",
	version: 1,
	actions: {
		register: {
			params: z.object({ email: Email, password: Password, displayName: DisplayName }),
			returns: Session,
			description: "Creates an account (email unique, case-insensitively) and signs it in",
			http: { method: "POST", path: "/auth/register", status: 201 },
			auth: "public"
		},
		login: {
			// Not the register rules: a failed login must not hint at which part was wrong.
			params: z.object({ email: z.string().max(254), password: z.string().max(200) }),
			returns: Session,
			description: "Signs in; repeated failures for one account are slowed down (429 with data.retryAfterSec)",
			http: "POST /auth/login",
			auth: "public"
		},
		refresh: {
			params: z.object({ refreshToken: z.string().min(1).max(200) }),
			returns: TokenPair,
			description: "A new token pair; each refresh token works once, and reusing one revokes its whole login",
			http: "POST /auth/refresh",
			auth: "public"
		},
		me: {
			params: z.object({}),
			returns: User,
			idempotent: true,
			description: "The signed-in user",
			http: "GET /me"
		},
		updateMe: {
			params: z.object({ displayName: DisplayName }),
			returns: User,
			idempotent: true,
			description: "Renames the signed-in user",
			http: "PATCH /me"
		},
		getUser: {
			params: z.object({ id: z.string().min(1) }),
			returns: User,
			idempotent: true,
			description: "A user by id, for other services"
		}
		// backbeat: actions end
	},
	events: {
		registered: { payload: User.extend({ registeredAt: z.iso.datetime() }), description: "A new account" }
		// backbeat: events end
	}
});

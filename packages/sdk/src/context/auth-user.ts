import { BackbeatError } from "../errors/backbeat-error.js";

/** The signed-in caller, as the gateway verified it from a bearer token: on `ctx.meta.user` in every handler the request reaches. */
export interface AuthUser {
	/** The token's subject (`sub`). */
	readonly id: string;
	/** The token's `roles` claim; empty when it has none. */
	readonly roles: readonly string[];
}

/** What Backbeat keeps in `ctx.meta`: the gateway's user, when the request came through one with a token, and the caller's own fields. */
export interface BackbeatMeta extends Record<string, unknown> {
	user?: AuthUser;
}

/**
 * The signed-in caller of a handler, or UNAUTHORIZED: for actions that act
 * on "my" data. The gateway already refuses a bound action without a valid
 * token unless it is public; this also covers calls over the broker that
 * carry no user.
 */
export function signedInUser(ctx: { readonly meta: BackbeatMeta }): AuthUser {
	const user = ctx.meta.user;
	if (!user || typeof user.id !== "string" || user.id === "")
		throw new BackbeatError("UNAUTHORIZED", "Sign in first: this needs a bearer token", { data: { reason: "NO_USER" } });
	return user;
}

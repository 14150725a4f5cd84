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

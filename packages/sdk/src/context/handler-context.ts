import type { Context } from "moleculer";
import type { BackbeatMeta } from "./auth-user.js";

/**
 * The context a Backbeat handler receives: Moleculer's Context with `params`
 * typed from the contract. Pass it to `client(ctx, ...)` or `emitter(ctx, ...)`
 * so nested calls keep the caller's request id, meta and deadline.
 */
export type HandlerContext<P> = Context<P, BackbeatMeta>;

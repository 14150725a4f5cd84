import type { RetryOptions } from "../resilience/resilience-options.js";

/** Per-call options of a typed client's methods: `client(ctx, C).addTrack(params, options)`. */
export interface CallOptions {
	/** Deadline of this call in milliseconds. Default: the action's contract `timeout`, else the broker's `requestTimeout`. */
	readonly timeout?: number;
	/** Extra metadata merged into `ctx.meta` on the callee. */
	readonly meta?: Record<string, unknown>;
	/** Call this node instead of letting the balancer pick one. */
	readonly nodeID?: string;
	/**
	 * The callee runs the action once per key (for the broker's idempotency
	 * TTL) and answers repeats with the first outcome. A keyed call may be
	 * retried even when the action is not `idempotent`. 1 to 200 characters.
	 */
	readonly idempotencyKey?: string;
	/** Overrides the broker's retry policy for this call; `false` makes one attempt only. */
	readonly retry?: Partial<RetryOptions> | false;
}

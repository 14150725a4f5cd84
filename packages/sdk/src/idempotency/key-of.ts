import { IDEMPOTENCY_HEADER } from "./idempotency-store.js";

/**
 * The idempotency key the call carries (`client(...).x(params, { idempotencyKey })`
 * or a gateway request's `Idempotency-Key`), for a handler that derives ids from
 * it so that running again for the same key finds what the first run made.
 */
export function idempotencyKeyOf(ctx: { headers?: unknown }): string | undefined {
	const key = (ctx.headers as Record<string, unknown> | undefined)?.[IDEMPOTENCY_HEADER];
	return typeof key === "string" ? key : undefined;
}

import { BackbeatError } from "../errors/backbeat-error.js";
import { isErrorCode } from "../errors/codes.js";

/** The header that carries a call's idempotency key to the callee. */
export const IDEMPOTENCY_HEADER = "x-idempotency-key";

/** A recorded first outcome: the result, or the (non-retryable) error. */
export type Outcome =
	| { readonly ok: true; readonly value: unknown }
	| { readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly data: unknown } };

export interface IdempotentRequest {
	/** `<action>:<key>`: keys are per action. */
	readonly scope: string;
	/** Hash of the validated params: the same key with other params is a conflict. */
	readonly fingerprint: string;
	readonly ttlMs: number;
	/** How long a duplicate may wait for the first call to finish, in ms. */
	readonly waitMs: number;
}

/**
 * Runs a handler once per (action, key) within a TTL and gives every repeat
 * the first outcome. Retryable failures are not recorded, so a retry runs
 * the handler again.
 */
export interface IdempotencyStore {
	execute(request: IdempotentRequest, run: () => Promise<unknown>): Promise<unknown>;
	close(): Promise<void>;
}

export function keyConflict(request: IdempotentRequest): BackbeatError {
	return new BackbeatError("CONFLICT", `Idempotency key of ${request.scope} was already used with different params`, {
		data: { scope: request.scope, reason: "IDEMPOTENCY_KEY_REUSED" }
	});
}

export function toOutcome(error: BackbeatError): Outcome {
	return { ok: false, error: { code: error.code, message: error.message, data: error.data } };
}

export function replay(outcome: Outcome): unknown {
	if (outcome.ok) return outcome.value;
	const code = isErrorCode(outcome.error.code) ? outcome.error.code : "INTERNAL_SERVER_ERROR";
	throw new BackbeatError(code, outcome.error.message, { data: outcome.error.data });
}

import { Errors } from "moleculer";
import { BackbeatError } from "./backbeat-error.js";
import { isErrorCode } from "./codes.js";

type PlainError = Errors.PlainMoleculerError;

/**
 * Moleculer serializes an error into its plain fields and, on the caller,
 * rebuilds only its own classes. This restores BackbeatError so callers on
 * any transporter see the same class, code and data the callee threw.
 */
export class BackbeatErrorRegenerator extends Errors.Regenerator {
	override restore(plainError: PlainError, payload: Record<string, unknown>): Error {
		if (plainError.name !== "BackbeatError" || !isErrorCode(plainError.code)) {
			return super.restore(plainError, payload);
		}
		const restored = new BackbeatError(plainError.code, String(plainError.message ?? ""), {
			data: plainError.data,
			...(typeof plainError.retryable === "boolean" ? { retryable: plainError.retryable } : {}),
			...(typeof plainError.nodeID === "string" ? { nodeID: plainError.nodeID } : {})
		});
		// The callee's stack says where it failed, which is what a reader of a remote error needs.
		if (typeof plainError.stack === "string") restored.stack = plainError.stack;
		return restored;
	}
}

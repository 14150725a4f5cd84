import { BackbeatError } from "./backbeat-error.js";
import { isErrorCode, type ErrorCode } from "./codes.js";

/** Moleculer's own error types, mapped to the code that describes them for a caller. */
const MOLECULER_TYPES: Readonly<Record<string, ErrorCode>> = {
	REQUEST_TIMEOUT: "DEADLINE_EXCEEDED",
	SERVICE_NOT_FOUND: "SERVICE_UNAVAILABLE",
	SERVICE_NOT_AVAILABLE: "SERVICE_UNAVAILABLE",
	REQUEST_REJECTED: "SERVICE_UNAVAILABLE",
	REQUEST_SKIPPED: "DEADLINE_EXCEEDED",
	QUEUE_FULL: "TOO_MANY_REQUESTS",
	MAX_CALL_LEVEL: "BAD_REQUEST",
	VALIDATION_ERROR: "VALIDATION_FAILED",
	BAD_GATEWAY: "SERVICE_UNAVAILABLE"
};

const HTTP_STATUSES: Readonly<Record<number, ErrorCode>> = {
	400: "BAD_REQUEST",
	401: "UNAUTHORIZED",
	402: "PAYMENT_REQUIRED",
	403: "FORBIDDEN",
	404: "NOT_FOUND",
	405: "METHOD_NOT_ALLOWED",
	409: "CONFLICT",
	412: "PRECONDITION_FAILED",
	413: "PAYLOAD_TOO_LARGE",
	415: "UNSUPPORTED_MEDIA_TYPE",
	416: "RANGE_NOT_SATISFIABLE",
	422: "VALIDATION_FAILED",
	429: "TOO_MANY_REQUESTS",
	501: "NOT_IMPLEMENTED",
	502: "SERVICE_UNAVAILABLE",
	503: "SERVICE_UNAVAILABLE",
	504: "DEADLINE_EXCEEDED"
};

/** The code an HTTP error status stands for, when the table names one. */
export function codeOfHttpStatus(status: number): ErrorCode | undefined {
	return HTTP_STATUSES[status];
}

function codeOf(err: { code?: unknown; type?: unknown }): ErrorCode {
	if (isErrorCode(err.code)) return err.code;
	if (typeof err.type === "string") {
		const mapped = MOLECULER_TYPES[err.type];
		if (mapped) return mapped;
	}
	if (typeof err.code === "number") return codeOfHttpStatus(err.code) ?? "INTERNAL_SERVER_ERROR";
	return "INTERNAL_SERVER_ERROR";
}

/**
 * Turns anything thrown (a BackbeatError, a MoleculerError, a plain Error, a
 * string) into a BackbeatError. The original is kept as `cause`.
 */
export function toBackbeatError(thrown: unknown): BackbeatError {
	if (thrown instanceof BackbeatError) return thrown;
	if (thrown instanceof Error) {
		const fields = thrown as Error & { code?: unknown; type?: unknown; data?: unknown; retryable?: unknown; nodeID?: unknown };
		return new BackbeatError(codeOf(fields), thrown.message, {
			cause: thrown,
			data: fields.data,
			...(typeof fields.retryable === "boolean" && !isErrorCode(fields.code) ? { retryable: fields.retryable } : {}),
			...(typeof fields.nodeID === "string" ? { nodeID: fields.nodeID } : {})
		});
	}
	const message = typeof thrown === "string" ? thrown : `Non-error value thrown: ${safeDescribe(thrown)}`;
	return new BackbeatError("INTERNAL_SERVER_ERROR", message, { cause: thrown });
}

function safeDescribe(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

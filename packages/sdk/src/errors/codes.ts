/**
 * Every error Backbeat produces or restores has one of these codes. The HTTP
 * status is what a gateway answers with; `retryable` says whether repeating
 * the same call can succeed (transport trouble, overload, timeouts), which
 * the retry policy relies on. Client mistakes are never retryable.
 */
export const ERROR_CODES = {
	BAD_REQUEST: { httpStatus: 400, retryable: false },
	NOT_SERIALIZABLE: { httpStatus: 400, retryable: false },
	UNAUTHORIZED: { httpStatus: 401, retryable: false },
	// A charge the payment provider refused (`data.reason`: card_declined, insufficient_funds, …).
	PAYMENT_REQUIRED: { httpStatus: 402, retryable: false },
	FORBIDDEN: { httpStatus: 403, retryable: false },
	NOT_FOUND: { httpStatus: 404, retryable: false },
	METHOD_NOT_ALLOWED: { httpStatus: 405, retryable: false },
	CONFLICT: { httpStatus: 409, retryable: false },
	PRECONDITION_FAILED: { httpStatus: 412, retryable: false },
	PAYLOAD_TOO_LARGE: { httpStatus: 413, retryable: false },
	UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, retryable: false },
	// `data.size` is the resource's length: the gateway answers `Content-Range: bytes */<size>`.
	RANGE_NOT_SATISFIABLE: { httpStatus: 416, retryable: false },
	VALIDATION_FAILED: { httpStatus: 422, retryable: false },
	TOO_MANY_REQUESTS: { httpStatus: 429, retryable: true },
	REQUEST_HEADER_FIELDS_TOO_LARGE: { httpStatus: 431, retryable: false },
	CLIENT_CLOSED_REQUEST: { httpStatus: 499, retryable: false },
	INTERNAL_SERVER_ERROR: { httpStatus: 500, retryable: false },
	RESULT_INVALID: { httpStatus: 500, retryable: false },
	CONFIG_INVALID: { httpStatus: 500, retryable: false },
	CONTRACT_INVALID: { httpStatus: 500, retryable: false },
	NOT_IMPLEMENTED: { httpStatus: 501, retryable: false },
	SERVICE_UNAVAILABLE: { httpStatus: 503, retryable: true },
	// Not retryable: retrying into an open circuit only spends the retry budget.
	CIRCUIT_OPEN: { httpStatus: 503, retryable: false },
	DEADLINE_EXCEEDED: { httpStatus: 504, retryable: true }
} as const satisfies Record<string, { httpStatus: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

import { ERROR_CODES, type ErrorCode } from "./codes.js";

export interface BackbeatErrorOptions {
	/** Structured detail for the caller (field issues, limits, ids). Must be JSON. */
	readonly data?: unknown;
	/** The underlying error; kept locally, not sent over the wire. */
	readonly cause?: unknown;
	/** Overrides the code table's `retryable` for this one error. */
	readonly retryable?: boolean;
	/** The node that raised the error; filled in when restored from the wire. */
	readonly nodeID?: string;
}

/**
 * The one error class of Backbeat. Its fields (`name`, `code`, `type`,
 * `message`, `data`, `retryable`) are the ones Moleculer's transit copies into
 * an error packet, so the error survives every transporter.
 */
export class BackbeatError extends Error {
	// `string`, so a subclass (the HTTP client's HttpClientError) can name itself.
	override readonly name: string = "BackbeatError";
	readonly code: ErrorCode;
	/** Same as `code`; Moleculer and moleculer-web read `type`. */
	readonly type: ErrorCode;
	readonly httpStatus: number;
	readonly retryable: boolean;
	readonly data: unknown;
	nodeID: string | undefined;

	constructor(code: ErrorCode, message: string, options: BackbeatErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		const entry = ERROR_CODES[code];
		this.code = code;
		this.type = code;
		this.httpStatus = entry.httpStatus;
		this.retryable = options.retryable ?? entry.retryable;
		this.data = options.data;
		this.nodeID = options.nodeID;
	}

	/** Plain JSON form, as a gateway would answer. */
	toJSON(): { name: string; code: ErrorCode; message: string; httpStatus: number; retryable: boolean; data: unknown } {
		return {
			name: this.name,
			code: this.code,
			message: this.message,
			httpStatus: this.httpStatus,
			retryable: this.retryable,
			data: this.data
		};
	}
}

export function isBackbeatError(value: unknown): value is BackbeatError {
	return value instanceof BackbeatError;
}

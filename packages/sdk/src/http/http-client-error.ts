import { BackbeatError, type BackbeatErrorOptions } from "../errors/backbeat-error.js";
import type { ErrorCode } from "../errors/codes.js";

/** Which request failed. */
export interface HttpRequestInfo {
	readonly method: string;
	readonly url: string;
}

export interface HttpClientErrorOptions extends BackbeatErrorOptions {
	readonly request: HttpRequestInfo;
	/** The status the server answered; `undefined` when there was no answer. */
	readonly status?: number | undefined;
}

/**
 * What an HTTP client's call rejects with: a BackbeatError (so `code`,
 * `httpStatus`, `retryable`, `data` and `isValidationFailed` work as on the
 * server) that also says which request failed and what the server answered.
 */
export class HttpClientError extends BackbeatError {
	override readonly name = "HttpClientError";
	/** The request's method and full URL. */
	readonly request: HttpRequestInfo;
	/** The HTTP status of the answer, or `undefined` when none arrived (network failure, abort, a request that could not be built). */
	readonly status: number | undefined;

	constructor(code: ErrorCode, message: string, options: HttpClientErrorOptions) {
		super(code, message, options);
		this.request = options.request;
		this.status = options.status;
	}
}

import { type ErrorCode, isErrorCode } from "../errors/codes.js";
import { codeOfHttpStatus } from "../errors/normalize.js";
import { HttpClientError, type HttpRequestInfo } from "./http-client-error.js";
import type { FetchResponse } from "./http-client-options.js";

/** The gateway's error answer: `{ error: { code, message, httpStatus, retryable, data } }`. */
interface ErrorBody {
	readonly error: { readonly code: string; readonly message: string; readonly retryable?: unknown; readonly data?: unknown };
}

function isErrorBody(value: unknown): value is ErrorBody {
	const error = (value as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | null | undefined;
	return typeof error === "object" && error !== null && typeof error.code === "string" && typeof error.message === "string";
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/** A status the code table has no entry for still says whose fault it was. */
function codeOfStatus(status: number): ErrorCode {
	return codeOfHttpStatus(status) ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST");
}

/**
 * An answer that is not the gateway's JSON (a proxy's HTML error page, a
 * static file server behind the wrong base URL). A success status with such a
 * body is SERVICE_UNAVAILABLE and not retryable: the request may have run.
 */
function invalidResponse(response: FetchResponse, text: string, request: HttpRequestInfo): HttpClientError {
	const { status } = response;
	const success = status >= 200 && status <= 299;
	const contentType = response.headers.get("content-type");
	return new HttpClientError(
		success || status < 400 ? "SERVICE_UNAVAILABLE" : codeOfStatus(status),
		`${request.method} ${request.url} answered ${status} with ${contentType ?? "no content type"}, not a Backbeat JSON answer`,
		{
			request,
			status,
			...(success ? { retryable: false } : {}),
			data: { reason: "INVALID_RESPONSE", status, contentType, body: text.slice(0, 200) }
		}
	);
}

/**
 * The result of a call from the gateway's answer: the JSON body of a 2xx
 * (`undefined` for an empty one, as 204 is), else the error it describes,
 * thrown as an HttpClientError with the server's code, message, retryable and data.
 */
export function readResponse(response: FetchResponse, text: string, request: HttpRequestInfo): unknown {
	const { status } = response;
	if (status >= 200 && status <= 299) {
		if (text === "") return undefined;
		const parsed = parseJson(text);
		if (!parsed.ok) throw invalidResponse(response, text, request);
		return parsed.value;
	}
	const parsed = status >= 400 ? parseJson(text) : { ok: false as const };
	if (!parsed.ok || !isErrorBody(parsed.value)) throw invalidResponse(response, text, request);
	const { code, message, retryable, data } = parsed.value.error;
	// A code this client does not know (a newer server) falls back to the status's code; the status says whose fault it was.
	throw new HttpClientError(isErrorCode(code) ? code : codeOfStatus(status), message, {
		request,
		status,
		data,
		...(typeof retryable === "boolean" ? { retryable } : {})
	});
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { ErrorCode } from "../errors/codes.js";
import { toBackbeatError } from "../errors/normalize.js";
import { TRACE_ID_HEADER } from "../tracing/http-server-span.js";

/** What the JSON body parser (body-parser, under moleculer-web) throws, by its `type`. */
const BODY_PARSER_ERRORS: Readonly<Record<string, [ErrorCode, string]>> = {
	"entity.too.large": ["PAYLOAD_TOO_LARGE", "The request body is larger than the gateway's body limit"],
	"entity.parse.failed": ["BAD_REQUEST", "The request body is not valid JSON"],
	"entity.verify.failed": ["BAD_REQUEST", "The request body is not valid JSON"],
	"encoding.unsupported": ["UNSUPPORTED_MEDIA_TYPE", "The request body's content encoding is not supported"],
	"charset.unsupported": ["UNSUPPORTED_MEDIA_TYPE", "The request body's charset is not supported (send UTF-8 JSON)"],
	"request.aborted": ["CLIENT_CLOSED_REQUEST", "The client closed the request before its body arrived"],
	"request.size.invalid": ["BAD_REQUEST", "The request body is shorter or longer than its Content-Length"]
};

/** A 5xx says what kind of failure it was, never the internal message behind it. */
const SERVER_MESSAGES: Partial<Record<ErrorCode, string>> = {
	SERVICE_UNAVAILABLE: "The service is unavailable; try again later",
	CIRCUIT_OPEN: "The service is failing; try again later",
	DEADLINE_EXCEEDED: "The request took longer than its deadline",
	NOT_IMPLEMENTED: "Not implemented"
};

/**
 * Turns whatever a request failed with into the BackbeatError to answer.
 * moleculer-web rewraps body-parser's errors as `MoleculerError(message,
 * status, type)`, dropping the limit, so the gateway passes its own.
 */
export function gatewayError(thrown: unknown, bodyLimit?: number): BackbeatError {
	const fields = thrown as { type?: unknown; code?: unknown } | null;
	const known = typeof fields?.type === "string" ? BODY_PARSER_ERRORS[fields.type] : undefined;
	if (known && typeof fields?.code !== "string") {
		const data = known[0] === "PAYLOAD_TOO_LARGE" && bodyLimit !== undefined ? { limitBytes: bodyLimit } : undefined;
		return new BackbeatError(known[0], known[1], { cause: thrown, data });
	}
	return toBackbeatError(thrown);
}

/**
 * The body of an error answer: `{ error: { code, message, httpStatus,
 * retryable, data } }`. A server error (5xx) carries the trace id to look it
 * up by and a generic message: its own message may hold internals.
 */
export function errorBody(error: BackbeatError, traceId: string | undefined): string {
	if (error.httpStatus < 500) return JSON.stringify({ error: error.toJSON() });
	const { name, code, httpStatus, retryable } = error.toJSON();
	const message = SERVER_MESSAGES[code] ?? "Internal server error";
	return JSON.stringify({ error: { name, code, message, httpStatus, retryable, data: traceId ? { traceId } : undefined } });
}

/** The trace id the tracing hook put on the response, if tracing is on. */
export function responseTraceId(res: ServerResponse): string | undefined {
	const value = res.getHeader(TRACE_ID_HEADER);
	return typeof value === "string" ? value : undefined;
}

/**
 * Sends `error` as JSON with its status (and `Retry-After`/`Allow`/`WWW-Authenticate`
 * set by the caller beforehand); RANGE_NOT_SATISFIABLE with `data.size` adds `Content-Range: bytes *\/<size>`.
 */
export function sendErrorResponse(res: ServerResponse, error: BackbeatError): void {
	if (res.headersSent) {
		res.end();
		return;
	}
	const body = errorBody(error, responseTraceId(res));
	const size = (error.data as { size?: unknown } | undefined)?.size;
	if (error.code === "RANGE_NOT_SATISFIABLE" && typeof size === "number") res.setHeader("content-range", `bytes */${size}`);
	res.statusCode = error.httpStatus;
	res.setHeader("content-type", "application/json; charset=utf-8");
	res.setHeader("content-length", Buffer.byteLength(body));
	res.end(body);
}

/** The request's path without its query (moleculer-web rewrites `url` inside a route; `originalUrl` keeps it whole). */
function requestPath(req: IncomingMessage): string {
	const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
	return url.split("?")[0] ?? "/";
}

/** What answers a failed request; moleculer-web calls it with the gateway service as `this`. */
export type ErrorResponder = (
	this: { logger?: { error(message: string): void } },
	req: IncomingMessage,
	res: ServerResponse,
	thrown: unknown
) => void;

/**
 * moleculer-web's `onError` for a gateway whose JSON body limit is
 * `bodyLimit`: every failure of a request answers in the one shape; server
 * errors are logged with their trace id.
 */
export function errorResponder(bodyLimit: number): ErrorResponder {
	return function respondWithError(req, res, thrown) {
		const error = gatewayError(thrown, bodyLimit);
		if (
			error.code === "NOT_FOUND" &&
			(thrown as { type?: unknown } | null)?.type === "NOT_FOUND" &&
			!(thrown instanceof BackbeatError)
		) {
			// moleculer-web's own "no route" error: say which request found nothing.
			sendErrorResponse(res, new BackbeatError("NOT_FOUND", `No route for ${req.method ?? "GET"} ${requestPath(req)}`));
			return;
		}
		if (error.httpStatus >= 500) {
			const traceId = responseTraceId(res);
			this.logger?.error(
				`${req.method} ${requestPath(req)} failed with ${error.code}${traceId ? ` (trace ${traceId})` : ""}: ${error.message}`
			);
		}
		sendErrorResponse(res, error);
	};
}

import type { IncomingMessage } from "node:http";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { BoundAction } from "./bound-actions.js";
import { coerceQuery } from "./query-coercion.js";

/** What moleculer-web hands a route with `mergeParams: false`. */
export interface SplitParams {
	readonly body?: unknown;
	readonly query?: Record<string, unknown>;
	readonly params?: Record<string, unknown>;
}

const QUERY_METHODS = new Set(["GET", "DELETE"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Copies own fields; a JSON `__proto__` key is dropped, as assigning it would replace the object's prototype. */
function copyInto(target: Record<string, unknown>, source: object): void {
	for (const [key, value] of Object.entries(source)) if (key !== "__proto__") target[key] = value;
}

function hasBody(req: IncomingMessage): boolean {
	const length = req.headers["content-length"];
	return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The JSON body parser keeps the bytes it parsed here, for bindings with `rawBody`. */
export type RawBodyRequest = IncomingMessage & { $rawBody?: Buffer };

/**
 * The action's params from one request: the query string (GET and DELETE,
 * coerced to the schema's types), the JSON body (POST, PUT, PATCH and
 * DELETE; it must be an object, or with `rawBody` its exact text in that
 * param), the headers the binding names, and the path params, which win
 * over all. A body that is not JSON is UNSUPPORTED_MEDIA_TYPE; the action's
 * own schema validates the rest.
 */
export function requestParams(req: RawBodyRequest, split: SplitParams, bound: BoundAction): Record<string, unknown> {
	const { method, rawBody, headers } = bound.binding;
	const params: Record<string, unknown> = {};
	if (QUERY_METHODS.has(method) && split.query) copyInto(params, coerceQuery(split.query, bound.queryKinds));
	if (BODY_METHODS.has(method) && hasBody(req)) {
		if (!JSON_TYPE.test(req.headers["content-type"] ?? "")) {
			throw new BackbeatError("UNSUPPORTED_MEDIA_TYPE", "The request body must be JSON (Content-Type: application/json)", {
				data: { contentType: req.headers["content-type"] ?? null }
			});
		}
		const body = split.body;
		if (rawBody !== undefined) params[rawBody] = req.$rawBody?.toString("utf8") ?? "";
		else if (typeof body !== "object" || body === null || Array.isArray(body)) {
			throw new BackbeatError("BAD_REQUEST", "The request body must be a JSON object", { data: { field: "body" } });
		} else copyInto(params, body);
	}
	for (const [param, header] of Object.entries(headers)) {
		// Only the header sets a header param: `?range=…` in the query or a body field must not stand in for it.
		delete params[param];
		const value = req.headers[header];
		if (value !== undefined) params[param] = Array.isArray(value) ? value.join(", ") : value;
	}
	if (split.params) copyInto(params, split.params);
	return params;
}

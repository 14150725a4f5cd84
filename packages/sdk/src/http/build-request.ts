import type { ResolvedHttpBinding } from "../contract/http-binding.js";
import { HttpClientError } from "./http-client-error.js";

/**
 * What one call sends: the full URL (path params filled in, query string for
 * GET and DELETE), the JSON body, if any, and the params the binding reads
 * from headers.
 */
export interface BuiltRequest {
	readonly url: string;
	readonly body: string | undefined;
	readonly headers: Record<string, string>;
}

// The gateway reads GET and DELETE params from the query string and POST, PUT and PATCH params from a JSON body.
const QUERY_METHODS = new Set(["GET", "DELETE"]);

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
	return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isPlainObject(value: unknown): value is object {
	return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function badRequest(message: string, field: string, method: string, url: string): HttpClientError {
	return new HttpClientError("BAD_REQUEST", message, { data: { field }, request: { method, url } });
}

/**
 * `name=value` pairs for one field. The gateway splits a text value on commas
 * for array fields, so arrays go comma-joined (`tags=a,b`, `tags=` for none);
 * items that hold a comma go as repeated keys, which the gateway reads back
 * unsplit, and a single such item cannot be sent at all. A plain object goes
 * as its JSON text, which the gateway parses for object fields.
 */
function queryPairs(field: string, value: unknown): string[] | string {
	const key = encodeURIComponent(field);
	if (isScalar(value)) return [`${key}=${encodeURIComponent(String(value))}`];
	if (isPlainObject(value)) return [`${key}=${encodeURIComponent(JSON.stringify(value))}`];
	if (!Array.isArray(value) || !value.every(isScalar))
		return "must be a string, number, boolean, a plain object or an array of scalars in a query string";
	if (!value.some(item => String(item).includes(","))) return [`${key}=${value.map(item => encodeURIComponent(String(item))).join(",")}`];
	if (value.length < 2) return "cannot be a single item holding a comma in a query string (the gateway splits it)";
	return value.map(item => `${key}=${encodeURIComponent(String(item))}`);
}

/** The URL and body of a call to `binding` under `baseUrl` (no trailing slash). */
export function buildRequest(baseUrl: string, binding: ResolvedHttpBinding, params: unknown): BuiltRequest {
	const { method } = binding;
	const template = `${baseUrl}${binding.path}`;
	if (typeof params !== "object" || params === null || Array.isArray(params)) {
		throw badRequest(`The params of ${method} ${binding.path} must be an object`, "params", method, template);
	}
	const rest: Record<string, unknown> = { ...params };
	let path: string = binding.path;
	for (const name of binding.pathParams) {
		const value = rest[name];
		delete rest[name];
		const text = isScalar(value) ? String(value) : undefined;
		// `.` and `..` (even percent-encoded) are dot segments: URL parsing would resolve them into another route.
		if (text === undefined || text === "" || text === "." || text === "..") {
			throw badRequest(
				`Path param '${name}' of ${method} ${binding.path} must be a non-empty string, number or boolean other than . and ..`,
				name,
				method,
				template
			);
		}
		path = path.replace(`:${name}`, encodeURIComponent(text));
	}
	const url = `${baseUrl}${path}`;
	const headers: Record<string, string> = {};
	for (const [name, header] of Object.entries(binding.headers)) {
		const value = rest[name];
		delete rest[name];
		if (value === undefined) continue;
		if (!isScalar(value))
			throw badRequest(`Param '${name}' of ${method} ${binding.path} is sent as a header: it must be a scalar`, name, method, url);
		headers[header] = String(value);
	}
	if (binding.rawBody !== undefined) {
		const text = rest[binding.rawBody];
		if (typeof text !== "string")
			throw badRequest(
				`Param '${binding.rawBody}' of ${method} ${binding.path} is the raw JSON body: it must be a string`,
				binding.rawBody,
				method,
				url
			);
		return { url, body: text, headers };
	}
	if (!QUERY_METHODS.has(method)) return { url, body: JSON.stringify(rest), headers };
	const pairs: string[] = [];
	for (const [field, value] of Object.entries(rest)) {
		if (value === undefined) continue;
		const encoded = queryPairs(field, value);
		if (typeof encoded === "string") throw badRequest(`Param '${field}' of ${method} ${binding.path} ${encoded}`, field, method, url);
		pairs.push(...encoded);
	}
	return { url: pairs.length === 0 ? url : `${url}?${pairs.join("&")}`, body: undefined, headers };
}

import { BackbeatError } from "../errors/backbeat-error.js";
import type { Input, Schema } from "../schema/standard-schema.js";
import { jsonSchemaOf } from "../schema/json-schema.js";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** `"GET /tracks/:id"`: a method, a space and a path relative to the gateway's base path. */
export type HttpRoute = `${HttpMethod} /${string}`;

export interface HttpBindingObject {
	readonly method: HttpMethod;
	readonly path: `/${string}`;
	/** Status of a successful answer (200–299). Default 200, or 204 when the action returns nothing. */
	readonly status?: number;
	/** Params read from request headers: `{ range: "Range" }` puts the `Range` header (when sent) in `params.range`. */
	readonly headers?: Readonly<Record<string, string>>;
	/**
	 * The param that receives the JSON body as its exact text instead of its
	 * fields (for signatures computed over the bytes, as webhooks are).
	 */
	readonly rawBody?: string;
	/** `"required"`: a request without an `Idempotency-Key` header is refused (400). Default `"optional"`. */
	readonly idempotencyKey?: "optional" | "required";
}

/** How an action is reached over HTTP through the gateway. */
export type HttpBinding = HttpRoute | HttpBindingObject;

/**
 * Who may call an action through the gateway: anyone (`"public"`), any
 * signed-in user (`"user"`, the default of a bound action) or users holding
 * one of the roles.
 */
export type ActionAuth = "public" | "user" | { readonly roles: readonly string[] };

/** A binding in one shape: what the gateway and the OpenAPI document read. */
export interface ResolvedHttpBinding {
	readonly method: HttpMethod;
	readonly path: `/${string}`;
	readonly status: number | undefined;
	/** Names of the `:param` segments, in order. */
	readonly pathParams: readonly string[];
	/** Param name → lower-cased header name. */
	readonly headers: Readonly<Record<string, string>>;
	readonly rawBody: string | undefined;
	readonly idempotencyKey: "optional" | "required";
}

/** The `:name` segments of a path, as a union of names. */
export type PathParams<P extends string> = P extends `${string}:${infer Rest}`
	? Rest extends `${infer Name}/${infer Tail}`
		? Name | PathParams<`/${Tail}`>
		: Rest
	: never;

type PathOf<B> = B extends `${HttpMethod} ${infer P}` ? P : B extends { readonly path: infer P extends string } ? P : never;

/**
 * Compile-time check of a bound action: every `:param` of its path must be a
 * field of its params schema. When one is not, the `http` property is given an
 * impossible type whose text names the missing param.
 */
export type CheckPathParams<D> = D extends { readonly http: infer B; readonly params: infer P extends Schema }
	? [Exclude<PathParams<PathOf<B>>, keyof Input<P>>] extends [never]
		? unknown
		: { readonly http: `path param '${Exclude<PathParams<PathOf<B>>, keyof Input<P>> & string}' is not a field of params` }
	: unknown;

const BINDING_KEYS = ["method", "path", "status", "headers", "rawBody", "idempotencyKey"];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const PARAM_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const PATH_SEGMENT = /^(?::[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9._~-]+)$/;

function invalid(field: string, message: string): BackbeatError {
	return new BackbeatError("CONTRACT_INVALID", `Invalid contract: ${field} ${message}`, { data: { field } });
}

function isMethod(value: unknown): value is HttpMethod {
	return typeof value === "string" && (HTTP_METHODS as readonly string[]).includes(value);
}

/** Reads a binding in either shape, or throws CONTRACT_INVALID naming `field`. */
export function resolveHttpBinding(binding: unknown, field: string): ResolvedHttpBinding {
	let method: unknown;
	let path: unknown;
	let status: unknown;
	let headers: unknown;
	let rawBody: unknown;
	let idempotencyKey: unknown;
	if (typeof binding === "string") {
		[method, path] = binding.split(" ");
		if (binding.split(" ").length !== 2) throw invalid(field, `'${binding}' must be a method and a path, e.g. "GET /tracks/:id"`);
	} else if (typeof binding === "object" && binding !== null) {
		({ method, path, status, headers, rawBody, idempotencyKey } = binding as Record<string, unknown>);
		const unknownKey = Object.keys(binding).find(key => !BINDING_KEYS.includes(key));
		if (unknownKey !== undefined)
			throw invalid(`${field}.${unknownKey}`, `is not a known option (expected ${BINDING_KEYS.join(", ")})`);
	} else {
		throw invalid(field, 'must be "METHOD /path" or { method, path, status }');
	}
	if (!isMethod(method)) throw invalid(field, `method '${String(method)}' must be one of ${HTTP_METHODS.join(", ")}`);
	if (typeof path !== "string" || !path.startsWith("/")) throw invalid(field, `path '${String(path)}' must start with /`);
	const segments = path === "/" ? [] : path.slice(1).split("/");
	const bad = segments.find(segment => !PATH_SEGMENT.test(segment));
	if (bad !== undefined) throw invalid(field, `path segment '${bad}' must be letters, digits, ._~- or a :param`);
	const pathParams = segments.filter(segment => segment.startsWith(":")).map(segment => segment.slice(1));
	const repeated = pathParams.find((name, index) => pathParams.indexOf(name) !== index);
	if (repeated !== undefined) throw invalid(field, `path param ':${repeated}' appears twice`);
	if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 299)) {
		throw invalid(`${field}.status`, "must be a success status from 200 to 299");
	}
	return {
		method,
		path: path as `/${string}`,
		status: status as number | undefined,
		pathParams,
		headers: headerParams(headers, pathParams, `${field}.headers`),
		rawBody: rawBodyParam(rawBody, method, `${field}.rawBody`),
		idempotencyKey: keyPolicy(idempotencyKey, `${field}.idempotencyKey`)
	};
}

function headerParams(headers: unknown, pathParams: readonly string[], field: string): Record<string, string> {
	if (headers === undefined) return {};
	if (typeof headers !== "object" || headers === null || Array.isArray(headers))
		throw invalid(field, 'must map param names to header names, e.g. { range: "Range" }');
	const resolved: Record<string, string> = {};
	for (const [param, header] of Object.entries(headers)) {
		if (!PARAM_NAME.test(param) || pathParams.includes(param))
			throw invalid(`${field}.${param}`, "must name a param that is not a path param");
		if (typeof header !== "string" || !HEADER_NAME.test(header))
			throw invalid(`${field}.${param}`, `'${String(header)}' is not a header name`);
		resolved[param] = header.toLowerCase();
	}
	return resolved;
}

function rawBodyParam(rawBody: unknown, method: HttpMethod, field: string): string | undefined {
	if (rawBody === undefined) return undefined;
	if (typeof rawBody !== "string" || !PARAM_NAME.test(rawBody)) throw invalid(field, "must be the name of a string param");
	if (method === "GET" || method === "DELETE") throw invalid(field, `applies to POST, PUT and PATCH, not ${method}`);
	return rawBody;
}

function keyPolicy(policy: unknown, field: string): "optional" | "required" {
	if (policy === undefined || policy === "optional" || policy === "required") return policy ?? "optional";
	throw invalid(field, 'must be "optional" or "required"');
}

/** Checks an `auth` option, or throws CONTRACT_INVALID naming `field`. */
export function checkActionAuth(auth: unknown, field: string): void {
	if (auth === "public" || auth === "user") return;
	if (typeof auth === "object" && auth !== null && Object.keys(auth).length === 1) {
		const roles = (auth as { roles?: unknown }).roles;
		if (Array.isArray(roles) && roles.length > 0 && roles.every(role => typeof role === "string" && role.length > 0)) return;
	}
	throw invalid(field, 'must be "public", "user" or { roles: ["a role", ...] }');
}

/**
 * Every path param must be a field the params schema declares, or the route
 * could never validate. Only checkable when the schema describes itself as
 * JSON Schema (zod 4 does); other schemas are checked by their first request.
 */
export function checkPathParamsDeclared(binding: ResolvedHttpBinding, params: Schema, field: string): void {
	if (binding.pathParams.length === 0) return;
	const json = jsonSchemaOf(params, "input");
	if (!json) return;
	const properties = typeof json["properties"] === "object" && json["properties"] !== null ? Object.keys(json["properties"]) : [];
	const missing = binding.pathParams.find(name => !properties.includes(name));
	if (missing !== undefined) throw invalid(field, `path param ':${missing}' is not a field of params`);
}

/** `GET /tracks/:id` and `GET /tracks/:trackId` are the same route: param names don't matter to matching. */
export function routeKey(binding: Pick<ResolvedHttpBinding, "method" | "path">): string {
	return `${binding.method} ${binding.path.replace(/:[A-Za-z0-9]+/g, ":")}`;
}

import { ERROR_CODES } from "../errors/codes.js";
import type { JsonSchema } from "../schema/json-schema.js";

/** The one error body every gateway answer uses: `{ error: { code, message, httpStatus, retryable, data } }`. */
export const ERROR_BODY_SCHEMA: JsonSchema = {
	type: "object",
	required: ["error"],
	properties: {
		error: {
			type: "object",
			required: ["code", "message", "httpStatus", "retryable"],
			properties: {
				name: { type: "string", description: "Class name of the error (`BackbeatError`)." },
				code: { type: "string", enum: Object.keys(ERROR_CODES), description: "What went wrong, from Backbeat's code table." },
				message: { type: "string", description: "Human readable; a 5xx never carries the internal message." },
				httpStatus: { type: "integer", description: "The HTTP status of the answer." },
				retryable: { type: "boolean", description: "Whether repeating the same request can succeed." },
				data: { description: "Details, e.g. `{ issues: [{ path, message }] }` for VALIDATION_FAILED or `{ traceId }` on a 5xx." }
			}
		}
	}
};

/** What an OpenAPI `responses` entry points at for each kind of error. */
const ERROR_RESPONSES = {
	BadRequest: { status: "400", description: "BAD_REQUEST: malformed JSON, a body that is not an object, a bad Idempotency-Key." },
	Unauthorized: {
		status: "401",
		description: "UNAUTHORIZED: the bearer token is missing (on a protected route), malformed, expired or not signed by a trusted key.",
		header: ["WWW-Authenticate", 'Bearer realm="backbeat", and error="invalid_token" when a token was refused.']
	},
	Forbidden: { status: "403", description: "FORBIDDEN: the token's user holds none of the roles the route needs." },
	NotFound: { status: "404", description: "NOT_FOUND: the resource the path names does not exist." },
	PayloadTooLarge: { status: "413", description: "PAYLOAD_TOO_LARGE: the body exceeds the gateway's body limit." },
	UnsupportedMediaType: { status: "415", description: "UNSUPPORTED_MEDIA_TYPE: the body is not `application/json` (or not UTF-8)." },
	RangeNotSatisfiable: {
		status: "416",
		description: "RANGE_NOT_SATISFIABLE: the byte range starts past the end; `data.size` is the length.",
		header: ["Content-Range", "`bytes */<size>`."]
	},
	ValidationFailed: {
		status: "422",
		description: "VALIDATION_FAILED: the params do not match the schema; `data.issues` names each field."
	},
	TooManyRequests: {
		status: "429",
		description: "TOO_MANY_REQUESTS: a rate budget (per user, address or action) is spent.",
		header: ["Retry-After", "Seconds until the budget allows another request."]
	},
	HeadersTooLarge: {
		status: "431",
		description: "REQUEST_HEADER_FIELDS_TOO_LARGE: the URL or the headers are larger than the server reads."
	},
	ServerError: {
		status: "5XX",
		description: "A server-side failure (500, 503 SERVICE_UNAVAILABLE/CIRCUIT_OPEN, 504 DEADLINE_EXCEEDED); `data.traceId` locates it."
	},
	OtherError: { status: "default", description: "Any other error the action raises (e.g. 409 CONFLICT), in the same shape." }
} as const satisfies Record<string, { status: string; description: string; header?: readonly [string, string] }>;

export type ErrorResponseName = keyof typeof ERROR_RESPONSES;

/** `components.responses`: each error response once, every one with the `Error` schema. */
export function errorResponseComponents(): Record<string, unknown> {
	const components: Record<string, unknown> = {};
	for (const [name, entry] of Object.entries(ERROR_RESPONSES)) {
		const header = "header" in entry ? entry.header : undefined;
		components[name] = {
			description: entry.description,
			...(header ? { headers: { [header[0]]: { description: header[1], schema: { type: "string" } } } } : {}),
			content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } }
		};
	}
	return components;
}

/** What decides which errors an operation can answer with. */
export interface ErrorFacts {
	readonly hasBody: boolean;
	readonly hasPathParams: boolean;
	readonly roles: boolean;
	/** It reads a Range header: 416 is possible. */
	readonly ranges?: boolean;
}

/**
 * The error entries of one operation's `responses`, as `$ref`s. 401 is on
 * every operation: a present but bad token is refused even on public routes.
 * 405 is not listed: it answers a method no operation on the path serves.
 */
export function errorResponsesFor(facts: ErrorFacts): Record<string, { $ref: string }> {
	const names: ErrorResponseName[] = ["BadRequest", "Unauthorized"];
	if (facts.roles) names.push("Forbidden");
	if (facts.hasPathParams) names.push("NotFound");
	if (facts.hasBody) names.push("PayloadTooLarge", "UnsupportedMediaType");
	if (facts.ranges) names.push("RangeNotSatisfiable");
	names.push("ValidationFailed", "TooManyRequests", "HeadersTooLarge", "ServerError", "OtherError");
	return Object.fromEntries(names.map(name => [ERROR_RESPONSES[name].status, { $ref: `#/components/responses/${name}` }]));
}

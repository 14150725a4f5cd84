import type { Contract } from "../contract/define-contract.js";
import { type JsonSchema, jsonSchemaOf } from "../schema/json-schema.js";
import { binaryContentType } from "../schema/binary-stream.js";
import { type BoundAction, boundActions } from "./bound-actions.js";
import { GATEWAY_DEFAULTS } from "./gateway-options.js";
import { ERROR_BODY_SCHEMA, errorResponseComponents, errorResponsesFor } from "./openapi-errors.js";
import { acceptsNothing, hasJsonSchemaInterface, objectFields, SchemaComponents } from "./openapi-schemas.js";

export interface OpenApiInfo {
	readonly title: string;
	readonly version: string;
	readonly description?: string;
}

export interface OpenApiOptions {
	/** The gateway's base path: the document's server URL, which every path is relative to. Default `"/api"`. */
	readonly basePath?: string;
	/** Title and version of the API. Default `"Backbeat API"`, `"1.0.0"`. */
	readonly info?: OpenApiInfo;
	/** Told about each schema shown as `{}` because it gives no JSON Schema. Default: ignored. */
	readonly onWarning?: (message: string) => void;
}

export interface OpenApiParameter {
	readonly name: string;
	readonly in: "path" | "query" | "header";
	readonly required: boolean;
	readonly schema: JsonSchema;
	readonly description?: string;
}

export interface OpenApiMediaType {
	readonly schema: JsonSchema;
}

export interface OpenApiResponse {
	readonly description: string;
	readonly content?: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiOperation {
	/** The action's label, `contract.action` (`shop.getItem`); `v<version>.contract.action` when two versions are bound. */
	readonly operationId: string;
	readonly summary?: string;
	readonly description?: string;
	readonly tags: readonly string[];
	/** `[]` on public operations, `[{ bearerAuth: [] }]` on the others. */
	readonly security: readonly Readonly<Record<string, readonly string[]>>[];
	readonly parameters?: readonly OpenApiParameter[];
	readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, OpenApiMediaType>> };
	readonly responses: Readonly<Record<string, OpenApiResponse | { readonly $ref: string }>>;
}

export type OpenApiMethod = "get" | "post" | "put" | "patch" | "delete";

/** An OpenAPI 3.1 document as plain JSON data. */
export interface OpenApiDocument {
	readonly openapi: "3.1.0";
	readonly info: OpenApiInfo;
	readonly servers: readonly { readonly url: string }[];
	readonly tags: readonly { readonly name: string }[];
	readonly paths: Readonly<Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>>;
	readonly components: {
		readonly schemas: Readonly<Record<string, JsonSchema>>;
		readonly responses: Readonly<Record<string, unknown>>;
		readonly securitySchemes: Readonly<Record<string, unknown>>;
	};
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const IDEMPOTENCY_KEY: OpenApiParameter = {
	name: "Idempotency-Key",
	in: "header",
	required: false,
	schema: { type: "string", minLength: 1, maxLength: 200 },
	description: "Repeating a request with the same key runs the action once and answers its first result."
};

/** `/items/:id` → `/items/{id}`. */
function openApiPath(path: string): string {
	return path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, "{$1}");
}

function parameter(name: string, where: "path" | "query" | "header", schema: JsonSchema | undefined, required: boolean): OpenApiParameter {
	const description = typeof schema?.["description"] === "string" ? schema["description"] : undefined;
	return { name, in: where, required, schema: schema ?? {}, ...(description ? { description } : {}) };
}

/**
 * Path params, header params, query params (GET, DELETE) and the JSON body
 * (POST, PUT, PATCH) from the params schema; a `rawBody` param is the body.
 */
function requestParts(action: BoundAction, schemas: SchemaComponents): Pick<OpenApiOperation, "parameters" | "requestBody"> {
	const { method, pathParams, headers, rawBody } = action.binding;
	const params = schemas.convert(action.target.definition.params, "input", `${action.label} params`);
	const { properties, required } = objectFields(params);
	const parameters = pathParams.map(name => parameter(name, "path", properties[name], true));
	for (const [name, header] of Object.entries(headers))
		parameters.push(parameter(header, "header", properties[name], required.includes(name)));
	const key = action.binding.idempotencyKey === "required" ? { ...IDEMPOTENCY_KEY, required: true } : IDEMPOTENCY_KEY;
	const elsewhere = (name: string) => pathParams.includes(name) || name in headers;
	if (!BODY_METHODS.has(method)) {
		if (method === "DELETE") parameters.push(key);
		for (const [name, schema] of Object.entries(properties)) {
			if (!elsewhere(name)) parameters.push(parameter(name, "query", schema, required.includes(name)));
		}
		return parameters.length > 0 ? { parameters } : {};
	}
	parameters.push(key);
	if (rawBody !== undefined) {
		const description = "Any JSON; the action receives its exact text (signatures are computed over it).";
		return { parameters, requestBody: { required: true, content: { "application/json": { schema: { description } } } } };
	}
	const { properties: declared, required: _required, ...rest } = params;
	const bodyRequired = required.filter(name => !elsewhere(name));
	const body: JsonSchema =
		declared === undefined
			? params
			: {
					...rest,
					properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !elsewhere(name))),
					...(bodyRequired.length > 0 ? { required: bodyRequired } : {})
				};
	return {
		parameters,
		requestBody: { required: bodyRequired.length > 0, content: { "application/json": { schema: body } } }
	};
}

/** The success answer: the binding's status with the `returns` schema, or 204 when the action returns nothing. */
function successResponses(action: BoundAction, schemas: SchemaComponents): Record<string, OpenApiResponse> {
	const { returns } = action.target.definition;
	const binary = binaryContentType(returns);
	if (binary !== undefined) {
		const content = { [binary]: { schema: { type: "string", contentMediaType: binary } } };
		const bytes = { [String(action.binding.status ?? 200)]: { description: "The bytes.", content } };
		if (!Object.values(action.binding.headers).includes("range")) return bytes;
		// A Range header param: the handler answers byte ranges (and 416, listed with the errors).
		return { ...bytes, "206": { description: "The requested byte range, with `Content-Range`.", content } };
	}
	const nothing = acceptsNothing(returns);
	const noContent = { description: "Done; no content." };
	// z.void() and the like: a JSON Schema library that accepts only nothing and cannot describe it has no body to describe.
	if (nothing && hasJsonSchemaInterface(returns) && jsonSchemaOf(returns, "output") === undefined) return { "204": noContent };
	const schema = schemas.convert(returns, "output", `${action.label} returns`);
	const status = String(action.binding.status ?? 200);
	return {
		[status]: { description: "Success.", content: { "application/json": { schema } } },
		...(nothing ? { "204": noContent } : {})
	};
}

function operation(action: BoundAction, operationId: string, schemas: SchemaComponents): OpenApiOperation {
	const { definition } = action.target;
	const { auth } = action;
	const parts = requestParts(action, schemas);
	const roles =
		typeof auth === "object" ? `Needs a bearer token whose user holds one of the roles: ${auth.roles.join(", ")}.` : undefined;
	return {
		operationId,
		...(definition.description ? { summary: definition.description } : {}),
		...(roles ? { description: roles } : {}),
		tags: [action.label.slice(0, action.label.lastIndexOf("."))],
		security: auth === "public" ? [] : [{ bearerAuth: [] }],
		...parts,
		responses: {
			...successResponses(action, schemas),
			...errorResponsesFor({
				hasBody: parts.requestBody !== undefined,
				hasPathParams: action.binding.pathParams.length > 0,
				ranges: Object.values(action.binding.headers).includes("range"),
				roles: roles !== undefined
			})
		}
	};
}

/**
 * The OpenAPI 3.1 document of every `http`-bound action of `contracts`, from
 * the same schemas the gateway validates with (through the Standard JSON
 * Schema interface): one operation per action, its id the action's label
 * (`shop.getItem`), tagged with its contract. Params become path params,
 * query params (GET, DELETE) or a JSON body (POST, PUT, PATCH); errors
 * reference one `Error` schema of the gateway's error body; non-public
 * operations need the `bearerAuth` scheme (a JWT).
 */
export function openApiDocument(contracts: readonly Contract[], options: OpenApiOptions = {}): OpenApiDocument {
	const schemas = new SchemaComponents(options.onWarning ?? (() => undefined));
	const paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>> = {};
	const bound = boundActions(contracts);
	const labels = bound.map(action => action.label);
	for (const action of bound) {
		const twice = labels.indexOf(action.label) !== labels.lastIndexOf(action.label);
		const path = openApiPath(action.binding.path);
		const methods = paths[path] ?? {};
		methods[action.binding.method.toLowerCase() as OpenApiMethod] = operation(
			action,
			twice ? action.target.action : action.label,
			schemas
		);
		paths[path] = methods;
	}
	const tags = [...new Set(bound.map(action => action.label.slice(0, action.label.lastIndexOf("."))))].map(name => ({ name }));
	return {
		openapi: "3.1.0",
		info: options.info ?? GATEWAY_DEFAULTS.apiInfo,
		servers: [{ url: (options.basePath ?? GATEWAY_DEFAULTS.basePath) || "/" }],
		tags,
		paths,
		components: {
			schemas: { Error: ERROR_BODY_SCHEMA, ...schemas.schemas },
			responses: errorResponseComponents(),
			securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } }
		}
	};
}

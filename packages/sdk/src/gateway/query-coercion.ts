import type { JsonSchema } from "../schema/json-schema.js";

/** How a query string value is read for one params field. */
export type QueryKind =
	| { readonly type: "integer" | "number" | "boolean" | "object" }
	| { readonly type: "array"; readonly items: "integer" | "number" | "boolean" | "string" };

type Scalar = "integer" | "number" | "boolean" | "string";

/** The one non-null type a property schema allows (`anyOf: [{ type: T }, { type: "null" }]` counts as T). */
function typeOf(schema: unknown): string | undefined {
	if (typeof schema !== "object" || schema === null) return undefined;
	const { type, anyOf } = schema as { type?: unknown; anyOf?: unknown };
	if (typeof type === "string") return type;
	if (Array.isArray(type)) {
		const types = type.filter(t => t !== "null");
		return types.length === 1 && typeof types[0] === "string" ? types[0] : undefined;
	}
	if (Array.isArray(anyOf)) {
		const types = anyOf.map(typeOf).filter(t => t !== "null");
		return types.length === 1 ? types[0] : undefined;
	}
	return undefined;
}

function isScalar(type: string | undefined): type is Scalar {
	return type === "integer" || type === "number" || type === "boolean" || type === "string";
}

/** For each params field whose JSON Schema type is not a string, how its query text is read. Computed once per route. */
export function queryKindsOf(params: JsonSchema | undefined): ReadonlyMap<string, QueryKind> {
	const kinds = new Map<string, QueryKind>();
	const properties = params?.["properties"];
	if (typeof properties !== "object" || properties === null) return kinds;
	for (const [field, schema] of Object.entries(properties)) {
		const type = typeOf(schema);
		if (type === "integer" || type === "number" || type === "boolean" || type === "object") kinds.set(field, { type });
		else if (type === "array") {
			const items = typeOf((schema as { items?: unknown }).items);
			kinds.set(field, { type: "array", items: isScalar(items) ? items : "string" });
		}
	}
	return kinds;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value `text` spells as `type`, or `text` itself when it spells none: validation then names the field. */
function scalar(text: unknown, type: Scalar): unknown {
	if (typeof text !== "string") return text;
	switch (type) {
		case "integer":
			return INTEGER.test(text) ? Number(text) : text;
		case "number":
			return NUMBER.test(text) ? Number(text) : text;
		case "boolean":
			return text === "true" ? true : text === "false" ? false : text;
		default:
			return text;
	}
}

/** An object field's JSON text as the object, or the text itself when it is not a JSON object. */
function jsonObject(text: unknown): unknown {
	if (typeof text !== "string" || !text.startsWith("{")) return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Query strings hold only text: gives each field the type its JSON Schema
 * declares (`?limit=5` → 5, `?explicit=true` → true, `?ids=a,b` or
 * `?ids=a&ids=b` → ["a", "b"], `?query={"plays":1}` → an object). Fields
 * without a kind stay as sent.
 */
export function coerceQuery(query: Record<string, unknown>, kinds: ReadonlyMap<string, QueryKind>): Record<string, unknown> {
	if (kinds.size === 0) return query;
	const coerced: Record<string, unknown> = { ...query };
	for (const [field, value] of Object.entries(query)) {
		const kind = kinds.get(field);
		if (kind === undefined) continue;
		if (kind.type === "object") {
			coerced[field] = jsonObject(value);
			continue;
		}
		if (kind.type !== "array") {
			coerced[field] = scalar(value, kind.type);
			continue;
		}
		const list = Array.isArray(value) ? value : typeof value === "string" ? (value === "" ? [] : value.split(",")) : value;
		coerced[field] = Array.isArray(list) ? list.map(item => scalar(item, kind.items)) : list;
	}
	return coerced;
}

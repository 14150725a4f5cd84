import { isDeepStrictEqual } from "node:util";
import { type JsonSchema, jsonSchemaOf } from "../schema/json-schema.js";

const DEFS_REF = "#/$defs/";
const COMPONENTS_REF = "#/components/schemas/";

/** `$ref: "#/$defs/X"` → the renamed component, everywhere in `value`. */
function rewriteRefs(value: unknown, names: ReadonlyMap<string, string>): unknown {
	if (Array.isArray(value)) return value.map(item => rewriteRefs(item, names));
	if (typeof value !== "object" || value === null) return value;
	const copy: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value)) {
		const target =
			key === "$ref" && typeof inner === "string" && inner.startsWith(DEFS_REF) ? names.get(inner.slice(DEFS_REF.length)) : undefined;
		copy[key] = target === undefined ? rewriteRefs(inner, names) : `${COMPONENTS_REF}${target}`;
	}
	return copy;
}

function componentName(name: string): string {
	return name.replace(/\s+/g, ".").replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Turns the schemas of contracts into OpenAPI Schema Objects. A JSON Schema
 * document's `$defs` (zod puts recursive and registered schemas there) are
 * relative to that document, which inside OpenAPI is the whole file: they
 * move to `components.schemas`, under their own name when it is free or
 * holds the same schema, else under `<owner>.<name>`.
 */
export class SchemaComponents {
	readonly schemas: Record<string, JsonSchema> = {};

	constructor(private readonly warn: (message: string) => void) {}

	/** `schema` (a Standard Schema) as an embeddable Schema Object, or `{}` with a warning when it cannot describe itself. */
	convert(schema: unknown, direction: "input" | "output", owner: string): JsonSchema {
		const json = jsonSchemaOf(schema, direction);
		if (json === undefined) {
			this.warn(
				`${owner}: the schema gives no JSON Schema (it lacks the Standard JSON Schema interface, or holds a type JSON Schema cannot express), so the document shows it as {}`
			);
			return {};
		}
		return this.embed(json, owner);
	}

	/** A JSON Schema document as a Schema Object of this OpenAPI document. */
	embed(json: JsonSchema, owner: string): JsonSchema {
		const { $schema: _dialect, $defs, ...body } = json;
		if (typeof $defs !== "object" || $defs === null) return body;
		const defs = Object.entries($defs as Record<string, unknown>);
		let names = new Map(defs.map(([name]) => [name, componentName(name)]));
		const fits = defs.every(([name, def]) => {
			const existing = this.schemas[names.get(name) ?? name];
			return existing === undefined || isDeepStrictEqual(existing, rewriteRefs(def, names));
		});
		if (!fits) names = new Map(defs.map(([name]) => [name, componentName(`${owner}.${name}`)]));
		for (const [name, def] of defs) this.schemas[names.get(name) ?? name] = rewriteRefs(def, names) as JsonSchema;
		return rewriteRefs(body, names) as JsonSchema;
	}
}

/** The `properties` and `required` of an object schema (empty for anything else). */
export function objectFields(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
	const properties = typeof schema["properties"] === "object" && schema["properties"] !== null ? schema["properties"] : {};
	const required = Array.isArray(schema["required"]) ? schema["required"].filter(name => typeof name === "string") : [];
	return { properties: properties as Record<string, JsonSchema>, required };
}

/** Whether a schema offers the Standard JSON Schema interface (it may still fail to convert, as zod's `z.void()` does). */
export function hasJsonSchemaInterface(schema: unknown): boolean {
	const standard = (schema as { "~standard"?: { jsonSchema?: unknown } } | null)?.["~standard"];
	return typeof standard?.jsonSchema === "object" && standard.jsonSchema !== null;
}

/** Whether a returns schema accepts `undefined` (synchronously): the gateway then answers 204 without a body. */
export function acceptsNothing(schema: unknown): boolean {
	const validate = (schema as { "~standard"?: { validate?: unknown } } | null)?.["~standard"]?.validate;
	if (typeof validate !== "function") return false;
	try {
		const result = validate(undefined) as { issues?: unknown } | Promise<unknown>;
		return !(result instanceof Promise) && result.issues === undefined;
	} catch {
		return false;
	}
}

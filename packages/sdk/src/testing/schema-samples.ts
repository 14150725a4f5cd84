import type { JsonSchema } from "../schema/json-schema.js";

/** The one type a property schema names (`["string", "null"]` counts as string). */
export function typeOf(schema: JsonSchema): string | undefined {
	const type = schema["type"];
	if (typeof type === "string") return type;
	if (Array.isArray(type)) return type.find(t => t !== "null");
	return undefined;
}

function numeric(schema: JsonSchema, key: string): number | undefined {
	const value = schema[key];
	return typeof value === "number" ? value : undefined;
}

/** A value `schema` accepts, smallest first: its default, else the least that meets its bounds. */
export function validSample(schema: JsonSchema): unknown {
	if ("default" in schema) return schema["default"];
	switch (typeOf(schema)) {
		case "string":
			return "x".repeat(Math.max(1, numeric(schema, "minLength") ?? 1));
		case "integer":
		case "number": {
			const exclusive = numeric(schema, "exclusiveMinimum");
			return numeric(schema, "minimum") ?? (exclusive === undefined ? 1 : Math.floor(exclusive) + 1);
		}
		case "boolean":
			return true;
		case "array":
			return [];
		case "object": {
			const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
			const required = (schema["required"] ?? []) as string[];
			return Object.fromEntries(required.map(name => [name, validSample(properties[name] ?? {})]));
		}
		default:
			return null;
	}
}

/** JSON values of the wrong type for a property schema. */
export function wrongTypedValues(schema: JsonSchema): unknown[] {
	switch (typeOf(schema)) {
		case "string":
			return [12345, true, ["x"]];
		case "integer":
			return ["7", 1.5, null];
		case "number":
			return ["7", false, null];
		case "boolean":
			return ["true", 1];
		case "array":
			return ["a,b", { 0: "a" }];
		case "object":
			return ["{}", [1]];
		default:
			return [];
	}
}

/** Query texts that do not spell a valid value of a property (numbers, booleans, lists of them, and their bounds). */
export function badQueryTexts(schema: JsonSchema): string[] {
	const type = typeOf(schema);
	const bounds: string[] = [];
	const minimum = numeric(schema, "minimum");
	const maximum = numeric(schema, "maximum");
	if (minimum !== undefined) bounds.push(String(minimum - 1));
	if (maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER) bounds.push(String(maximum + 1));
	switch (type) {
		case "integer":
			return ["abc", "1.5", "1e", "0x10", "NaN", "Infinity", "1e999", "", ...bounds];
		case "number":
			return ["abc", "1e", "0x10", "NaN", "Infinity", "1e999", "", "1,2", ...bounds];
		case "boolean":
			return ["yes", "1", "TRUE", ""];
		case "array": {
			const items = typeOf((schema["items"] ?? {}) as JsonSchema);
			return items === "integer" || items === "number" ? ["1,x", "1,,2", "NaN"] : items === "boolean" ? ["true,maybe"] : [];
		}
		case "object":
			// An object travels as JSON text in a query string.
			return ["{not json", "[1]", "7"];
		default:
			return [];
	}
}

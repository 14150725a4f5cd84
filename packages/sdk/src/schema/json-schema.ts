import type { StandardJSONSchemaV1 } from "@standard-schema/spec";

/** A JSON Schema document (draft 2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema a schema describes itself as, through the Standard JSON
 * Schema interface (`~standard.jsonSchema`, which zod 4 implements), or
 * `undefined` when the schema has no such interface or cannot be expressed
 * (zod's `z.void()`, transforms with no JSON equivalent). `direction` picks
 * the caller's view (`input`: before defaults) or the handler's (`output`).
 */
export function jsonSchemaOf(schema: unknown, direction: "input" | "output"): JsonSchema | undefined {
	const standard = (schema as Partial<StandardJSONSchemaV1> | null | undefined)?.["~standard"];
	const converter = standard?.jsonSchema;
	if (typeof converter?.[direction] !== "function") return undefined;
	try {
		return converter[direction]({ target: "draft-2020-12" });
	} catch {
		return undefined;
	}
}

import type { z } from "zod";
import { configError } from "../config/settings.js";
import { jsonSchemaOf, type JsonSchema } from "../schema/json-schema.js";
import type { CrudColumnType } from "./crud-options.js";

/** One column of an entity's table, read from the entity's JSON Schema. */
export interface EntityColumn {
	readonly name: string;
	readonly type: CrudColumnType;
	/** `integer` for whole numbers (an integer column), `real` for other numbers. */
	readonly numeric: "integer" | "real" | undefined;
	/** The entity may hold `null` here. */
	readonly nullable: boolean;
	/** The entity may leave the field out; its column then holds NULL, which reads back as an absent field. */
	readonly optional: boolean;
}

/** The non-null JSON types a property allows (`anyOf` members and `type` arrays flattened). */
function typesOf(schema: JsonSchema): { types: string[]; nullable: boolean } {
	const found: string[] = [];
	let nullable = false;
	const visit = (node: unknown) => {
		if (typeof node !== "object" || node === null) return;
		const { type, anyOf, oneOf, enum: values, const: constant } = node as Record<string, unknown>;
		for (const t of Array.isArray(type) ? type : type === undefined ? [] : [type]) {
			if (t === "null") nullable = true;
			else if (typeof t === "string") found.push(t);
		}
		if (type === undefined && Array.isArray(values)) for (const value of values) found.push(value === null ? "null" : typeof value);
		if (type === undefined && constant !== undefined) found.push(constant === null ? "null" : typeof constant);
		for (const member of [...(Array.isArray(anyOf) ? anyOf : []), ...(Array.isArray(oneOf) ? oneOf : [])]) visit(member);
	};
	visit(schema);
	if (found.includes("null")) nullable = true;
	return { types: [...new Set(found.filter(t => t !== "null"))], nullable };
}

function columnType(types: readonly string[]): Pick<EntityColumn, "type" | "numeric"> {
	if (types.length === 1) {
		switch (types[0]) {
			case "string":
				return { type: "string", numeric: undefined };
			case "integer":
				return { type: "number", numeric: "integer" };
			case "number":
				return { type: "number", numeric: "real" };
			case "boolean":
				return { type: "boolean", numeric: undefined };
		}
	}
	if (types.length === 2 && types.includes("integer") && types.includes("number")) return { type: "number", numeric: "real" };
	// Objects, arrays and mixed unions are stored as JSON text.
	return { type: "json", numeric: undefined };
}

/**
 * The columns of an entity: one per field of its zod object, typed from the
 * JSON Schema the object describes itself as (so `z.int()` is an integer
 * column, `z.enum([...])` a text column, `z.array(...)` JSON).
 */
export function entityColumns(entity: z.ZodObject, idField: string): readonly EntityColumn[] {
	const json = jsonSchemaOf(entity, "output");
	if (json === undefined || json["type"] !== "object" || typeof json["properties"] !== "object" || json["properties"] === null)
		throw configError(
			"entity",
			"entity must be a zod object that converts to JSON Schema (no z.date(), z.bigint() or transforms: use z.iso.datetime() strings and plain numbers)"
		);
	const required = new Set(Array.isArray(json["required"]) ? (json["required"] as string[]) : []);
	const columns = Object.entries(json["properties"] as Record<string, JsonSchema>).map(([name, property]): EntityColumn => {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
			throw configError(`entity.${name}`, `field '${name}' is not a plain SQL identifier (letters, digits, _)`);
		const { types, nullable } = typesOf(property);
		return { name, ...columnType(types), nullable, optional: !required.has(name) };
	});
	const id = columns.find(column => column.name === idField);
	if (id === undefined) throw configError("idField", `the id field '${idField}' is not a field of the entity`);
	if (id.type !== "string" && id.numeric !== "integer")
		throw configError("idField", `the id field '${idField}' must be a string or an integer, not ${id.type}`);
	if (id.nullable || id.optional) throw configError("idField", `the id field '${idField}' must be required and not nullable`);
	return columns;
}

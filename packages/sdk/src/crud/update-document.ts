import { expressionBuilder, type Expression } from "kysely";
import type { Dialect } from "../storage/migrations.js";
import { badRequest, columnOf, encodeValue } from "./columns.js";
import type { CrudTable } from "./crud-options.js";
import type { CrudTables } from "./query-filter.js";

/** The column assignments of an UPDATE, as Kysely's `set` takes them. */
export type CrudAssignments = Record<string, unknown>;

/**
 * A moleculer-db update document as assignments: `$set: { column: value }`
 * assigns, `$inc: { column: n }` adds `n` in SQL (so concurrent increments
 * don't lose each other). The id column is not updatable. Returns undefined
 * for a document that changes nothing.
 */
export function updateAssignments(
	table: CrudTable,
	update: unknown,
	dialect: Dialect,
	idAlias: string | undefined
): CrudAssignments | undefined {
	if (typeof update !== "object" || update === null || Array.isArray(update))
		throw badRequest("update", "update", "update: expected { $set: {...} } and/or { $inc: {...} }");
	const assignments: CrudAssignments = {};
	const target = (key: string) => {
		const column = columnOf(table, key, "update", idAlias);
		if (column.name === table.idField) throw badRequest(key, "update", `update: the id column '${key}' can't be changed`);
		if (column.name in assignments) throw badRequest(key, "update", `update: column '${key}' is changed twice`);
		return column;
	};
	for (const [operator, fields] of Object.entries(update)) {
		if (operator !== "$set" && operator !== "$inc")
			throw badRequest(operator, "update", `update: unsupported operator '${operator}'; use $set or $inc`);
		if (typeof fields !== "object" || fields === null || Array.isArray(fields))
			throw badRequest(operator, "update", `update: ${operator} takes an object of columns`);
		for (const [key, value] of Object.entries(fields)) {
			if (value === undefined) continue;
			const column = target(key);
			if (operator === "$set") {
				assignments[column.name] = encodeValue(column, value, "update", dialect);
				continue;
			}
			if (column.type !== "number") throw badRequest(key, "update", `update: $inc needs a number column, '${key}' is ${column.type}`);
			if (typeof value !== "number" || !Number.isFinite(value))
				throw badRequest(key, "update", `update: $inc on '${key}' needs a finite number`);
			const eb = expressionBuilder<CrudTables, string>();
			assignments[column.name] = eb(eb.ref(column.name), "+", value) as Expression<unknown>;
		}
	}
	return Object.keys(assignments).length === 0 ? undefined : assignments;
}

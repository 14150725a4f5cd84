import { BackbeatError } from "../errors/backbeat-error.js";
import type { Dialect } from "../storage/migrations.js";
import type { CrudColumnType, CrudTable } from "./crud-options.js";

/** A row as the adapter reads and writes it: column name → value. */
export type CrudEntity = Record<string, unknown>;

/** Where in a call a column name or value came from; errors name it in `data.in`. */
export type CrudPart = "query" | "sort" | "search" | "searchFields" | "limit" | "offset" | "update" | "entity" | "id";

/** A BAD_REQUEST naming the field at fault; nothing reaches SQL. */
export function badRequest(field: string, part: CrudPart, message: string): BackbeatError {
	return new BackbeatError("BAD_REQUEST", message, { data: { field, in: part } });
}

/** A listed column, or BAD_REQUEST. `alias` is the DbService's idField, which stands for the id column. */
export function columnOf(table: CrudTable, name: unknown, part: CrudPart, alias?: string): { name: string; type: CrudColumnType } {
	if (typeof name !== "string") throw badRequest(String(name), part, `${part}: column names are strings`);
	const resolved = name === alias && !table.columns.has(name) ? table.idField : name;
	const type = table.columns.get(resolved);
	if (type === undefined) throw badRequest(name, part, `${part}: unknown column '${name}' in table '${table.table}'`);
	return { name: resolved, type };
}

/** A value to bind for `column`: checked against its type, booleans as 1/0 on SQLite, JSON as text. */
export function encodeValue(column: { name: string; type: CrudColumnType }, value: unknown, part: CrudPart, dialect: Dialect): unknown {
	if (value === null) return null;
	switch (column.type) {
		case "json":
			return value === undefined ? null : JSON.stringify(value);
		case "string":
			if (typeof value === "string") return value;
			break;
		case "number":
			if (typeof value === "number" && Number.isFinite(value)) return value;
			// Ids come from URLs and moleculer-db's decodeID as strings.
			if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
			break;
		case "boolean":
			if (typeof value === "boolean") return dialect === "sqlite" ? Number(value) : value;
			break;
	}
	throw badRequest(
		column.name,
		part,
		`${part}: column '${column.name}' holds ${column.type} values, got ${JSON.stringify(value) ?? typeof value}`
	);
}

function decodeValue(type: CrudColumnType, value: unknown): unknown {
	if (value === null || value === undefined) return value;
	switch (type) {
		case "json":
			// `text` columns give the JSON text; PostgreSQL json/jsonb columns arrive parsed.
			return typeof value === "string" ? JSON.parse(value) : value;
		case "number":
			return typeof value === "number" ? value : Number(value);
		case "boolean":
			return typeof value === "boolean" ? value : value === 1 || value === "1" || value === "t" || value === "true";
		default:
			return value;
	}
}

/** A row from the driver as an entity: listed columns decoded, others dropped. */
export function decodeRow(table: CrudTable, row: CrudEntity): CrudEntity {
	const entity: CrudEntity = {};
	for (const [name, type] of table.columns) if (name in row) entity[name] = decodeValue(type, row[name]);
	return entity;
}

/** An entity to insert, every key a listed column, every value encoded. */
export function encodeEntity(table: CrudTable, entity: unknown, dialect: Dialect): CrudEntity {
	if (typeof entity !== "object" || entity === null || Array.isArray(entity))
		throw badRequest("entity", "entity", "entity: expected an object of column values");
	const row: CrudEntity = {};
	for (const [key, value] of Object.entries(entity)) {
		if (value === undefined) continue;
		const column = columnOf(table, key, "entity");
		row[column.name] = encodeValue(column, value, "entity", dialect);
	}
	return row;
}

import type { Dialect } from "../storage/migrations.js";
import { badRequest, columnOf } from "./columns.js";
import type { CrudTable } from "./crud-options.js";

/** What moleculer-db's DbService passes to `find` and `count` (after its `sanitizeParams`). */
export interface CrudAdapterFindParams {
	/** Rows to return; absent, null or 0 for all. */
	readonly limit?: number | null | undefined;
	/** Rows to skip; absent, null or 0 for none. */
	readonly offset?: number | null | undefined;
	/** Columns to order by, `-column` for descending: `["-plays", "title"]` or `"-plays title"`. */
	readonly sort?: readonly string[] | string | null | undefined;
	/** Text that any of `searchFields` contains, ignoring case. */
	readonly search?: string | null | undefined;
	/** Columns `search` looks in (default the adapter's `searchFields`). */
	readonly searchFields?: readonly string[] | string | null | undefined;
	/** Conditions on columns: `{ genre: "jazz", plays: { $gte: 10 } }`. */
	readonly query?: Readonly<Record<string, unknown>> | null | undefined;
}

export interface SortTerm {
	readonly column: string;
	readonly direction: "asc" | "desc";
}

/** The ORDER BY terms, each column checked, ending with the id so pages never overlap. */
export function sortTerms(table: CrudTable, sort: CrudAdapterFindParams["sort"], idAlias: string | undefined): SortTerm[] {
	if (sort === undefined || sort === null) return [{ column: table.idField, direction: "asc" }];
	const fields = typeof sort === "string" ? sort.split(/[,\s]+/).filter(Boolean) : sort;
	if (!Array.isArray(fields)) throw badRequest("sort", "sort", "sort: expected column names");
	const terms = fields.map((field: unknown): SortTerm => {
		if (typeof field !== "string") throw badRequest(String(field), "sort", "sort: column names are strings");
		const descending = field.startsWith("-");
		const column = columnOf(table, descending ? field.slice(1) : field, "sort", idAlias);
		if (column.type === "json") throw badRequest(field, "sort", `sort: column '${column.name}' holds JSON and can't be sorted on`);
		return { column: column.name, direction: descending ? "desc" : "asc" };
	});
	if (!terms.some(term => term.column === table.idField)) terms.push({ column: table.idField, direction: "asc" });
	return terms;
}

/** A row count from `limit`/`offset`: a non-negative integer, or undefined for none. */
export function rowCount(value: unknown, name: "limit" | "offset"): number | undefined {
	if (value === undefined || value === null || value === 0) return undefined;
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
		throw badRequest(name, name, `${name}: expected a non-negative integer, got ${JSON.stringify(value)}`);
	return value;
}

/** SQLite takes OFFSET only after a LIMIT; -1 there means no limit (PostgreSQL needs none). */
export function limitForOffset(dialect: Dialect): number | undefined {
	return dialect === "sqlite" ? -1 : undefined;
}

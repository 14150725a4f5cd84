import { sql, type Expression, type SqlBool } from "kysely";
import type { Dialect } from "../storage/migrations.js";
import { badRequest, columnOf } from "./columns.js";
import type { CrudTable } from "./crud-options.js";
import type { CrudExpressions } from "./query-filter.js";

/** `searchFields` as moleculer-db passes it (an array, or a string when called directly). */
export function searchColumns(table: CrudTable, searchFields: unknown, idAlias: string | undefined): string[] {
	if (searchFields === undefined || searchFields === null) return [...table.searchFields];
	const names = typeof searchFields === "string" ? searchFields.split(/[,\s]+/).filter(Boolean) : searchFields;
	if (!Array.isArray(names)) throw badRequest("searchFields", "searchFields", "searchFields: expected a list of column names");
	return names.map(name => {
		const column = columnOf(table, name, "searchFields", idAlias);
		if (column.type === "json")
			throw badRequest(name, "searchFields", `searchFields: column '${name}' holds JSON and can't be searched`);
		return column.name;
	});
}

// `%`, `_` and the escape character itself are wildcards in LIKE; the search text is matched literally.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, match => `\\${match}`);

/**
 * Rows where any of `columns` contains `text`, ignoring case (moleculer-db's
 * MemoryAdapter does the same); the text is one bound parameter. SQLite's
 * LIKE ignores case for ASCII letters, PostgreSQL's ILIKE for all.
 */
export function whereSearch(eb: CrudExpressions, columns: readonly string[], text: string, dialect: Dialect): Expression<SqlBool> {
	const pattern = `%${escapeLike(text)}%`;
	const like = dialect === "postgres" ? sql`ilike` : sql`like`;
	return eb.or(columns.map(name => sql<SqlBool>`cast(${eb.ref(name)} as text) ${like} ${pattern} escape ${"\\"}`));
}

import { BackbeatError } from "../errors/backbeat-error.js";

/**
 * How a column's values travel between an entity and SQL:
 * - `string`: text as it is.
 * - `number`: a JavaScript number; PostgreSQL's bigint and numeric (which
 *   `pg` returns as strings) come back as numbers, so keep them within 2^53.
 * - `boolean`: `true`/`false`; SQLite stores 1/0.
 * - `json`: any JSON value, stored as its JSON text (a `text`, `json` or
 *   `jsonb` column); it can't be filtered, sorted or searched on.
 */
export type CrudColumnType = "string" | "number" | "boolean" | "json";

/** The table behind a moleculer-db service. */
export interface CrudAdapterOptions {
	/** The table's name, as created by the database's migrations. */
	readonly table: string;
	/** The primary key column. Default `"id"`. */
	readonly idField?: string;
	/**
	 * Every column the service may read, write, filter, sort or search, with
	 * its type; include the id column. Names outside this list are refused
	 * (BAD_REQUEST) before any SQL is built.
	 */
	readonly columns: Readonly<Record<string, CrudColumnType>>;
	/** Columns `search` looks in when the call names no `searchFields`. Default every `string` column. */
	readonly searchFields?: readonly string[];
}

/** The defaults of `CrudAdapterOptions`. */
export const CRUD_ADAPTER_DEFAULTS = { idField: "id" } as const;

/** Options checked once, with their defaults applied. */
export interface CrudTable {
	readonly table: string;
	readonly idField: string;
	readonly columns: ReadonlyMap<string, CrudColumnType>;
	readonly searchFields: readonly string[];
}

const COLUMN_TYPES: ReadonlySet<string> = new Set<CrudColumnType>(["string", "number", "boolean", "json"]);
// Plain identifiers only: Kysely reads "a.b" in a reference as table.column.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function configInvalid(field: string, message: string): BackbeatError {
	return new BackbeatError("CONFIG_INVALID", `crud adapter: ${message}`, { data: { setting: field, field } });
}

export function resolveCrudOptions(options: CrudAdapterOptions): CrudTable {
	if (typeof options?.table !== "string" || !IDENTIFIER.test(options.table))
		throw configInvalid("table", `table must be a plain SQL identifier, got ${JSON.stringify(options?.table)}`);
	const idField = options.idField ?? CRUD_ADAPTER_DEFAULTS.idField;
	if (typeof options.columns !== "object" || options.columns === null)
		throw configInvalid("columns", "columns must map each column name to its type");
	const columns = new Map<string, CrudColumnType>();
	for (const [name, type] of Object.entries(options.columns)) {
		if (!IDENTIFIER.test(name)) throw configInvalid(`columns.${name}`, `column '${name}' is not a plain SQL identifier`);
		if (!COLUMN_TYPES.has(type))
			throw configInvalid(
				`columns.${name}`,
				`column '${name}' has type ${JSON.stringify(type)}; use ${[...COLUMN_TYPES].join(", ")}`
			);
		columns.set(name, type);
	}
	const idType = columns.get(idField);
	if (idType === undefined) throw configInvalid("idField", `the id column '${idField}' is not listed in columns`);
	if (idType === "json") throw configInvalid("idField", `the id column '${idField}' can't be a json column`);
	const searchFields = options.searchFields ?? [...columns].filter(([, type]) => type === "string").map(([name]) => name);
	for (const name of searchFields) {
		const type = columns.get(name);
		if (type === undefined || type === "json")
			throw configInvalid("searchFields", `search field '${name}' is not a ${type === "json" ? "searchable" : "listed"} column`);
	}
	return { table: options.table, idField, columns, searchFields };
}

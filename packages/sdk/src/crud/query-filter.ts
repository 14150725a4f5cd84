import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Dialect } from "../storage/migrations.js";
import { badRequest, columnOf, encodeValue, type CrudEntity } from "./columns.js";
import type { CrudColumnType, CrudTable } from "./crud-options.js";

/** The adapter's view of the database: any table, any column (names are checked before use). */
export type CrudTables = Record<string, CrudEntity>;
export type CrudExpressions = ExpressionBuilder<CrudTables, string>;

const COMPARISONS = { $eq: "=", $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" } as const;
const OPERATORS = [...Object.keys(COMPARISONS), "$ne", "$in", "$nin"];

/**
 * A moleculer-db `query` as a WHERE expression: `{ column: value }` is
 * equality (`null` is IS NULL), `{ column: { $in, $nin, $gt, $gte, $lt, $lte,
 * $ne, $eq } }` compares, several keys are ANDed. Names are checked against the
 * listed columns and every value is a bound parameter.
 */
export function whereQuery(
	eb: CrudExpressions,
	table: CrudTable,
	query: unknown,
	dialect: Dialect,
	idAlias: string | undefined
): Expression<SqlBool> {
	if (query === undefined || query === null) return eb.and([]);
	if (typeof query !== "object" || Array.isArray(query))
		throw badRequest("query", "query", "query: expected an object of column conditions");
	const conditions = Object.entries(query).map(([key, condition]) => {
		const column = columnOf(table, key, "query", idAlias);
		if (column.type === "json") throw badRequest(key, "query", `query: column '${key}' holds JSON and can't be filtered`);
		return columnCondition(eb, column, condition, dialect);
	});
	return eb.and(conditions);
}

function columnCondition(
	eb: CrudExpressions,
	column: { name: string; type: CrudColumnType },
	condition: unknown,
	dialect: Dialect
): Expression<SqlBool> {
	const ref = eb.ref(column.name);
	const value = (raw: unknown) => encodeValue(column, raw, "query", dialect);
	if (typeof condition !== "object" || condition === null) {
		const bound = value(condition);
		return bound === null ? eb(ref, "is", null) : eb(ref, "=", bound);
	}
	if (Array.isArray(condition))
		throw badRequest(column.name, "query", `query: use { $in: [...] } to match '${column.name}' against a list`);
	const entries = Object.entries(condition);
	if (entries.length === 0) throw badRequest(column.name, "query", `query: empty condition for '${column.name}'`);
	return eb.and(
		entries.map(([operator, operand]): Expression<SqlBool> => {
			if (operator === "$in" || operator === "$nin") {
				if (!Array.isArray(operand))
					throw badRequest(column.name, "query", `query: ${operator} on '${column.name}' needs an array`);
				const values = operand.map(value);
				// `in ()` is not SQL; an empty list matches nothing ($in) or everything ($nin).
				if (values.length === 0) return operator === "$in" ? eb(eb.val(1), "=", 0) : eb.and([]);
				return eb(ref, operator === "$in" ? "in" : "not in", values);
			}
			if (operator === "$ne") {
				const bound = value(operand);
				// As in MongoDB, rows where the column is NULL are "not equal" too.
				return bound === null ? eb(ref, "is not", null) : eb.or([eb(ref, "<>", bound), eb(ref, "is", null)]);
			}
			if (Object.hasOwn(COMPARISONS, operator)) {
				const bound = value(operand);
				const op = COMPARISONS[operator as keyof typeof COMPARISONS];
				if (bound === null) {
					if (op === "=") return eb(ref, "is", null);
					throw badRequest(column.name, "query", `query: ${operator} on '${column.name}' needs a value, not null`);
				}
				return eb(ref, op, bound);
			}
			throw badRequest(
				column.name,
				"query",
				`query: unsupported operator '${operator}' on '${column.name}'; use ${OPERATORS.join(", ")}`
			);
		})
	);
}

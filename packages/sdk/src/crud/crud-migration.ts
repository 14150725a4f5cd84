import type { ColumnDataType } from "kysely";
import type { Dialect, Migration } from "../storage/migrations.js";
import type { EntityColumn } from "./entity-columns.js";

function dataType(column: EntityColumn, dialect: Dialect): ColumnDataType {
	switch (column.type) {
		case "string":
		case "json":
			return "text";
		case "boolean":
			return dialect === "postgres" ? "boolean" : "integer";
		case "number":
			if (column.numeric === "integer") return dialect === "postgres" ? "bigint" : "integer";
			return dialect === "postgres" ? "double precision" : "real";
	}
}

/**
 * Creates an entity's table: one column per field (NOT NULL unless the field
 * may be null or absent), the id as primary key (an integer id is generated
 * by the database) and one index per sort or search field. A sort field's
 * index ends with the id, as every sort does, so a page is read in index
 * order instead of being sorted.
 */
export function crudMigration(
	table: string,
	idField: string,
	columns: readonly EntityColumn[],
	sortable: readonly string[],
	searchable: readonly string[]
): Migration {
	return {
		id: `${table}-001-create`,
		async up(db, dialect) {
			let create = db.schema.createTable(table);
			for (const column of columns) {
				create = create.addColumn(column.name, dataType(column, dialect), builder => {
					if (column.name !== idField) return column.nullable || column.optional ? builder : builder.notNull();
					const key = builder.primaryKey();
					if (column.type === "string") return key;
					return dialect === "postgres" ? key.generatedByDefaultAsIdentity() : key.autoIncrement();
				});
			}
			await create.execute();
			for (const field of new Set([...sortable, ...searchable])) {
				if (field === idField) continue;
				const key = sortable.includes(field) ? [field, idField] : [field];
				await db.schema.createIndex(`${table}_${field}_idx`).on(table).columns(key).execute();
			}
		}
	};
}

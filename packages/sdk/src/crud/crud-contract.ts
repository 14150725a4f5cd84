import { z } from "zod";
import type { ActionDefinition, EventDefinition } from "../contract/define-contract.js";
import type { HttpBindingObject } from "../contract/http-binding.js";
import type { CrudHttpOptions, CrudRoute } from "./crud-types.js";
import type { EntityColumn } from "./entity-columns.js";

/** What the contract's schemas are built from, checked and with defaults applied. */
export interface CrudShape {
	readonly entity: z.ZodObject;
	readonly columns: readonly EntityColumn[];
	readonly idField: string;
	readonly sortable: readonly string[];
	readonly searchable: readonly string[];
	readonly maxPageSize: number;
	readonly http: CrudHttpOptions | undefined;
}

// Filters bind scalars only, so a query value is checked by its column's type, not the entity's refinements.
function scalarSchema(column: EntityColumn): z.ZodType {
	const base = column.type === "string" ? z.string() : column.type === "boolean" ? z.boolean() : z.number();
	return column.nullable || column.optional ? base.nullable() : base;
}

function querySchema(columns: readonly EntityColumn[]) {
	const fields: Record<string, z.ZodType> = {};
	for (const column of columns) {
		if (column.type === "json") continue;
		const value = scalarSchema(column);
		const list = z.array(value).max(1000);
		const operators = z.strictObject({
			$eq: value.optional(),
			$ne: value.optional(),
			$gt: value.optional(),
			$gte: value.optional(),
			$lt: value.optional(),
			$lte: value.optional(),
			$in: list.optional(),
			$nin: list.optional()
		});
		fields[column.name] = z.union([value, operators]).optional();
	}
	return z.strictObject(fields);
}

const nonEmpty = (values: readonly string[]) => values as [string, ...string[]];

function filterFields(shape: CrudShape): Record<string, z.ZodType> {
	const fields: Record<string, z.ZodType> = { query: querySchema(shape.columns).optional() };
	if (shape.searchable.length > 0) {
		fields["search"] = z.string().max(200).optional();
		fields["searchFields"] = z.array(z.enum(nonEmpty(shape.searchable))).optional();
	}
	return fields;
}

function sortField(shape: CrudShape): Record<string, z.ZodType> {
	if (shape.sortable.length === 0) return {};
	const terms = shape.sortable.flatMap(field => [field, `-${field}`]);
	return {
		sort: z
			.array(z.enum(nonEmpty(terms)))
			.max(shape.sortable.length)
			.optional()
	};
}

// `.partial()` would still fill in defaults, so an update would reset every defaulted field it didn't name.
function withoutDefault(schema: z.ZodType): z.ZodType {
	return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

/** Params, results and events of the standard actions, as zod schemas. */
export function crudMembers(shape: CrudShape): {
	actions: Record<CrudRoute | "find" | "count", ActionDefinition>;
	events: Record<"created" | "updated" | "removed", EventDefinition>;
} {
	const { entity, idField, maxPageSize } = shape;
	const entityFields = entity.shape as Record<string, z.ZodType>;
	const id = entityFields[idField] as z.ZodType;
	const changes = z.strictObject(
		Object.fromEntries(
			Object.entries(entityFields)
				.filter(([name]) => name !== idField)
				.map(([name, schema]) => [name, withoutDefault(schema).optional()])
		)
	);
	const createParams = z.strictObject({ ...entityFields, [idField]: id.optional() });
	const get = z
		.strictObject({ id: id.optional(), ids: z.array(id).min(1).max(maxPageSize).optional() })
		.refine(params => (params.id === undefined) !== (params.ids === undefined), { message: "give either id or ids" });
	const page = z.int().min(1).optional();
	const pageSize = z.int().min(1).max(maxPageSize).optional();
	const actions = {
		list: {
			params: z.strictObject({ ...filterFields(shape), ...sortField(shape), page, pageSize }),
			returns: z.object({ rows: z.array(entity), total: z.int(), page: z.int(), pageSize: z.int(), totalPages: z.int() }),
			idempotent: true,
			description: "One page of entities, filtered, searched and sorted"
		},
		get: {
			params: get,
			returns: z.union([entity, z.array(entity)]),
			idempotent: true,
			description: "The entity with `id`, or the entities with `ids` (NOT_FOUND when one is missing)"
		},
		create: { params: createParams, returns: entity, description: "Stores a new entity; publishes `created`" },
		update: {
			params: changes.extend({ id }),
			returns: entity,
			description: "Changes the given fields of entity `id`; publishes `updated`"
		},
		remove: { params: z.strictObject({ id }), returns: entity, description: "Deletes entity `id`; publishes `removed`" },
		find: {
			params: z.strictObject({
				...filterFields(shape),
				...sortField(shape),
				limit: z.int().min(1).optional(),
				offset: z.int().min(0).optional()
			}),
			returns: z.array(entity),
			idempotent: true,
			description: "Entities matching the filter"
		},
		count: {
			params: z.strictObject(filterFields(shape)),
			returns: z.int(),
			idempotent: true,
			description: "How many entities match the filter"
		}
	};
	const events = {
		created: { payload: entity, description: "An entity was created" },
		updated: {
			payload: z.object({ id, changes: changes.strip(), entity }),
			description: "An entity was changed: its id, the changed fields and the entity after the change"
		},
		removed: { payload: entity, description: "An entity was deleted; the payload is the entity as it was" }
	};
	if (shape.http) bindRoutes(actions, shape.http);
	return { actions, events };
}

function bindRoutes(actions: Record<CrudRoute, ActionDefinition>, http: CrudHttpOptions): void {
	const { path } = http;
	const bindings: Record<CrudRoute, HttpBindingObject> = {
		list: { method: "GET", path },
		get: { method: "GET", path: `${path}/:id` },
		create: { method: "POST", path, status: 201 },
		update: { method: "PATCH", path: `${path}/:id` },
		remove: { method: "DELETE", path: `${path}/:id` }
	};
	for (const route of http.routes ?? (Object.keys(bindings) as CrudRoute[])) {
		const auth = route === "list" || route === "get" ? http.read : http.write;
		actions[route] = { ...actions[route], http: bindings[route], ...(auth === undefined ? {} : { auth }) };
	}
}

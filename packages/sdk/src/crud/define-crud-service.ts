import { randomUUID } from "node:crypto";
import type { Context, Service, ServiceSchema } from "moleculer";
import DbService from "moleculer-db";
import type { z } from "zod";
import { configError, positiveInt } from "../config/settings.js";
import { defineContract, type ActionDefinitions, type Contract, type EventDefinitions } from "../contract/define-contract.js";
import type { HandlerContext } from "../context/handler-context.js";
import type { ActionNames } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { Database } from "../outbox/open-database.js";
import type { TransactionScope } from "../outbox/transaction-scope.js";
import {
	defineService,
	type ActionHandler,
	type ActionHandlers,
	type ServiceDefinition,
	type ServiceImplementation
} from "../service/define-service.js";
import type { Migration } from "../storage/migrations.js";
import type { CrudEntity } from "./columns.js";
import { crudAdapter, type CrudAdapter } from "./crud-adapter.js";
import { crudMembers } from "./crud-contract.js";
import { resolveCrudOptions } from "./crud-options.js";
import { crudMigration } from "./crud-migration.js";
import type { BoundRoutes, CrudContract, CrudHttpOptions, CrudRoute, CrudUpdated, EntityOf, EntityShape } from "./crud-types.js";
import { entityColumns, type EntityColumn } from "./entity-columns.js";

/** The defaults of `CrudServiceOptions`. */
export const CRUD_SERVICE_DEFAULTS = { idField: "id", pageSize: 20, maxPageSize: 100 } as const;

type FieldOf<S extends EntityShape> = keyof S & string;

export interface CrudServiceOptions<
	N extends string,
	S extends EntityShape,
	Id extends string,
	Sort extends FieldOf<S>,
	Search extends FieldOf<S>,
	A extends ActionDefinitions,
	E extends EventDefinitions,
	H extends CrudHttpOptions | undefined
> {
	/** Service name, kebab-case, as in `defineContract`. */
	readonly name: N;
	readonly version: number;
	/** The entity's table; its migration is `definition.migration`. */
	readonly table: string;
	/** The entity as a zod object; each field is a column (objects and arrays as JSON text). */
	readonly entity: z.ZodObject<S>;
	/** The primary key field: a string (generated when `create` leaves it out) or an integer (numbered by the database). Default `"id"`. */
	readonly idField?: Id;
	/** Fields `list` and `find` may sort by (`title`, `-title`); each gets an index. Default none. */
	readonly sortable?: readonly Sort[];
	/** String fields `search` looks in; each gets an index. Default none (no `search` param). */
	readonly searchable?: readonly Search[];
	/** Rows per `list` page when the call names no `pageSize`. Default 20. */
	readonly pageSize?: number;
	/** The largest `pageSize` (and `ids` list) a call may ask for. Default 100. */
	readonly maxPageSize?: number;
	/** HTTP bindings of the standard actions for the gateway. Default none. */
	readonly http?: H;
	/** More actions in the same contract; their handlers go to `service(…, { actions })`. */
	readonly actions?: A;
	/** More events in the same contract. */
	readonly events?: E;
}

/**
 * Code run in the write's transaction after the row is written and before the
 * entity event is recorded: `tx` writes other tables and publishes other
 * events atomically with it, and a throw rolls back the row and its event.
 */
export interface CrudHooks<T, Id extends string> {
	readonly created?: (entity: T, tx: TransactionScope<unknown>, ctx: Context) => void | Promise<void>;
	readonly updated?: (update: CrudUpdated<T, Id>, tx: TransactionScope<unknown>, ctx: Context) => void | Promise<void>;
	readonly removed?: (entity: T, tx: TransactionScope<unknown>, ctx: Context) => void | Promise<void>;
}

/** `service()`'s second argument: the extra actions' handlers and anything `defineService` takes but `actions` and `outbox`. */
export type CrudImplementation<C extends Contract, H extends ActionHandlers<C>, T, Id extends string> = Omit<
	ServiceImplementation<C, H>,
	"actions" | "outbox"
> & {
	readonly hooks?: CrudHooks<T, Id>;
	/** The outbox relay of the service's database (see `defineService`'s `outbox.relay`). Default: started with the service. */
	readonly relay?: NonNullable<ServiceImplementation<C, H>["outbox"]>["relay"];
} & ([ActionNames<C>] extends [never]
		? { readonly actions?: ServiceImplementation<C, H>["actions"] }
		: // Extra actions need their handlers: leaving one out is a compile error, as in defineService.
			{ readonly actions: ServiceImplementation<C, H>["actions"] });

export interface CrudServiceDefinition<
	N extends string,
	S extends EntityShape,
	Id extends string,
	Sort extends string,
	Search extends string,
	A extends ActionDefinitions,
	E extends EventDefinitions,
	R extends CrudRoute
> {
	/** The typed contract: the standard actions, the extra ones, and `created`/`updated`/`removed`. */
	readonly contract: CrudContract<N, S, Id, Sort, Search, A, E, R>;
	/** Creates the table and its indexes: put it in `openDatabase({ migrations })`. */
	readonly migration: Migration;
	/**
	 * The service over `database`, served by moleculer-db's `DbService` on the
	 * SDK's adapter. Writes and their entity events share one transaction;
	 * the service's relay publishes the events.
	 */
	service<H extends ActionHandlers<Contract<N, A, E>>, T>(
		database: Database<T>,
		// Optional only when the contract has no extra actions to implement.
		...implementation: [keyof A] extends [never]
			? [implementation?: CrudImplementation<Contract<N, A, E>, H, EntityOf<S>, Id>]
			: [implementation: CrudImplementation<Contract<N, A, E>, H, EntityOf<S>, Id>]
	): ServiceDefinition;
}

/** The moleculer-db methods the handlers call; its own actions are left out so the contract alone validates params. */
interface DbServiceMethods {
	sanitizeParams(ctx: Context, params: object): Record<string, unknown>;
	_list(ctx: Context, params: object): Promise<{ rows: CrudEntity[] } & Record<string, unknown>>;
	_find(ctx: Context, params: object): Promise<CrudEntity[]>;
	_count(ctx: Context, params: object): Promise<number>;
	_get(ctx: Context, params: { id: unknown }): Promise<CrudEntity | CrudEntity[]>;
	getById(id: unknown, decoding: boolean): Promise<CrudEntity | CrudEntity[] | null>;
	transformDocuments(ctx: Context, params: object, docs: CrudEntity | CrudEntity[]): Promise<CrudEntity | CrudEntity[]>;
	_create(ctx: Context, params: object): Promise<CrudEntity>;
	_update(ctx: Context, params: object): Promise<CrudEntity>;
	_remove(ctx: Context, params: { id: unknown }): Promise<CrudEntity>;
}

const { actions: _standardActions, ...dbServiceMixin } = DbService as unknown as ServiceSchema;
type TransformDocuments = (this: Service, ctx: Context, params: Record<string, unknown>, docs: unknown) => Promise<unknown>;
// moleculer-db's own, for services that use its field filtering or populates.
const fullTransform = (dbServiceMixin.methods as Record<string, TransformDocuments>)["transformDocuments"] as TransformDocuments;
const STANDARD_ACTIONS = ["list", "get", "create", "update", "remove", "find", "count"];

function checkFields(columns: readonly EntityColumn[], fields: readonly string[], setting: string, stringsOnly: boolean): void {
	for (const field of fields) {
		const column = columns.find(c => c.name === field);
		if (column === undefined) throw configError(setting, `'${field}' is not a field of the entity`);
		if (column.type === "json" || (stringsOnly && column.type !== "string"))
			throw configError(
				setting,
				`'${field}' is a ${column.type} field; ${stringsOnly ? "search needs strings" : "JSON can't be sorted"}`
			);
	}
}

/**
 * A CRUD service from an entity schema and a table: moleculer-db's standard
 * actions (`list`, `get`, `create`, `update`, `remove`, `find`, `count`)
 * typed from the entity, with `created`, `updated` and `removed` events that
 * commit with the row through the outbox, the table's migration, and optional
 * HTTP bindings and extra actions.
 */
export function defineCrudService<
	const N extends string,
	const S extends EntityShape,
	// biome-ignore lint/complexity/noBannedTypes: `{}` is "no extra actions" and keeps A's inference exact
	const A extends ActionDefinitions = {},
	// biome-ignore lint/complexity/noBannedTypes: `{}` is "no extra events"
	const E extends EventDefinitions = {},
	const Id extends FieldOf<S> = "id" & FieldOf<S>,
	const Sort extends FieldOf<S> = never,
	const Search extends FieldOf<S> = never,
	const H extends CrudHttpOptions | undefined = undefined
>(options: CrudServiceOptions<N, S, Id, Sort, Search, A, E, H>): CrudServiceDefinition<N, S, Id, Sort, Search, A, E, BoundRoutes<H>> {
	const idField: string = options.idField ?? CRUD_SERVICE_DEFAULTS.idField;
	const columns = entityColumns(options.entity, idField);
	const sortable: readonly string[] = options.sortable ?? [];
	const searchable: readonly string[] = options.searchable ?? [];
	checkFields(columns, sortable, "sortable", false);
	checkFields(columns, searchable, "searchable", true);
	const maxPageSize = positiveInt(options.maxPageSize ?? CRUD_SERVICE_DEFAULTS.maxPageSize, "maxPageSize");
	const pageSize = positiveInt(options.pageSize ?? CRUD_SERVICE_DEFAULTS.pageSize, "pageSize");
	if (pageSize > maxPageSize) throw configError("pageSize", `must not exceed maxPageSize (${maxPageSize}), got ${pageSize}`);
	const clash = [...Object.keys(options.actions ?? {}), ...Object.keys(options.events ?? {})].find(name =>
		[...STANDARD_ACTIONS, "created", "updated", "removed"].includes(name)
	);
	if (clash !== undefined)
		throw new BackbeatError("CONTRACT_INVALID", `Invalid contract: ${options.name}.${clash} is one of the CRUD service's own`, {
			data: { field: clash }
		});
	const members = crudMembers({ entity: options.entity, columns, idField, sortable, searchable, maxPageSize, http: options.http });
	const contract = defineContract({
		name: options.name,
		version: options.version,
		actions: { ...members.actions, ...options.actions },
		events: { ...members.events, ...options.events }
	}) as unknown as CrudContract<N, S, Id, Sort, Search, A, E, BoundRoutes<H>>;
	const adapterOptions = {
		table: options.table,
		idField,
		columns: Object.fromEntries(columns.map(column => [column.name, column.type])),
		...(searchable.length > 0 ? { searchFields: searchable } : {})
	};
	resolveCrudOptions(adapterOptions); // the table name is checked now, not when the first service starts
	return {
		contract,
		migration: crudMigration(options.table, idField, columns, sortable, searchable),
		service(database, ...[implementation = {} as never]) {
			const adapter = crudAdapter(database, adapterOptions);
			// The entity's table is this definition's; the database's other tables don't matter here.
			const anyDatabase = database as unknown as Database<never>;
			// The handlers below work on plain rows; the types above are the caller's view of the same values.
			const untyped = implementation as unknown as CrudImplementation<Contract, ActionHandlers<Contract>, CrudEntity, string>;
			return crudServiceSchema(
				contract as unknown as Contract,
				anyDatabase,
				adapter,
				columns,
				idField,
				pageSize,
				maxPageSize,
				untyped
			);
		}
	};
}

function crudServiceSchema(
	contract: Contract,
	database: Database<never>,
	adapter: CrudAdapter,
	columns: readonly EntityColumn[],
	idField: string,
	pageSize: number,
	maxPageSize: number,
	implementation: CrudImplementation<Contract, ActionHandlers<Contract>, CrudEntity, string>
): ServiceDefinition {
	const { hooks = {}, relay, actions: extra, settings, ...rest } = implementation;
	const generateIds = columns.find(column => column.name === idField)?.type === "string";
	// A field left out is stored as NULL; reading it back, NULL means "absent" unless the entity allows null.
	const absentWhenNull = columns.filter(column => column.optional && !column.nullable).map(column => column.name);
	const toEntity = (row: CrudEntity): CrudEntity => {
		for (const name of absentWhenNull) if (row[name] === null) delete row[name];
		return row;
	};
	const noEntity = (id: unknown) =>
		new BackbeatError("NOT_FOUND", `${contract.fullName}: no entity with id ${JSON.stringify(id)}`, { data: { id } });
	// moleculer-db's own "not found" becomes the contract's NOT_FOUND.
	const notFound = (id: unknown) => (error: unknown) => {
		throw (error as { name?: unknown })?.name === "EntityNotFoundError" ? noEntity(id) : error;
	};
	// Keyed by id: consumers see one entity's events in the order they were written.
	const keyOf = (entity: CrudEntity) => ({ key: String(entity[idField]) });
	type Handler = ActionHandler<Record<string, unknown>, unknown>;
	const db = (service: Service) => service as unknown as DbServiceMethods;
	const write = <R>(ctx: HandlerContext<unknown>, work: (tx: TransactionScope<unknown>) => Promise<R>) =>
		(database as unknown as Database<unknown>).transaction(ctx, work);
	const standard: Record<string, Handler> = {
		async list(ctx) {
			const page = await db(this)._list(ctx, db(this).sanitizeParams(ctx, ctx.params));
			return { ...page, rows: page.rows.map(toEntity) };
		},
		async find(ctx) {
			return (await db(this)._find(ctx, db(this).sanitizeParams(ctx, ctx.params))).map(toEntity);
		},
		count(ctx) {
			return db(this)._count(ctx, db(this).sanitizeParams(ctx, ctx.params));
		},
		async get(ctx) {
			const { id, ids } = ctx.params as { id?: unknown; ids?: unknown[] };
			if (ids === undefined) {
				// DbService's getById and transformDocuments, without _get's mapping chain (a hot path).
				const row = (await db(this).getById(id, true)) as CrudEntity | null;
				if (!row) throw noEntity(id);
				return toEntity((await db(this).transformDocuments(ctx, {}, row)) as CrudEntity);
			}
			const unique = [...new Set(ids)];
			const found = new Map(((await db(this)._get(ctx, { id: unique })) as CrudEntity[]).map(row => [String(row[idField]), row]));
			const missing = unique.filter(one => !found.has(String(one)));
			if (missing.length > 0)
				throw new BackbeatError(
					"NOT_FOUND",
					`${contract.fullName}: no entity with id ${missing.map(one => JSON.stringify(one)).join(", ")}`,
					{
						data: { ids: missing }
					}
				);
			return ids.map(one => toEntity({ ...found.get(String(one)) }));
		},
		create(ctx) {
			const params = { ...ctx.params };
			if (generateIds && params[idField] === undefined) params[idField] = randomUUID();
			return write(ctx, async tx => {
				const entity = toEntity(await db(this)._create(ctx, params));
				await hooks.created?.(entity, tx, ctx);
				await tx.publish(contract, "created", entity, keyOf(entity));
				return entity;
			});
		},
		update(ctx) {
			const { id, ...changes } = ctx.params;
			return write(ctx, async tx => {
				const entity = toEntity(
					await db(this)
						._update(ctx, { ...changes, id })
						.catch(notFound(id))
				);
				if (Object.keys(changes).length === 0) return entity;
				const update = { id: entity[idField], changes, entity };
				await hooks.updated?.(update, tx, ctx);
				await tx.publish(contract, "updated", update, keyOf(entity));
				return entity;
			});
		},
		remove(ctx) {
			const { id } = ctx.params;
			return write(ctx, async tx => {
				const entity = toEntity(await db(this)._remove(ctx, { id }).catch(notFound(id)));
				await hooks.removed?.(entity, tx, ctx);
				await tx.publish(contract, "removed", entity, keyOf(entity));
				return entity;
			});
		}
	};
	const schema = defineService(contract, {
		...rest,
		actions: { ...standard, ...extra } as ActionHandlers<Contract>,
		outbox: { database, ...(relay === undefined ? {} : { relay }) },
		// DbService's settings: ids in the entity's own field, page sizes from the options (the caller's other settings kept).
		settings: { ...settings, idField, pageSize, maxPageSize }
	});
	return Object.assign(schema, {
		mixins: [dbServiceMixin],
		adapter,
		methods: {
			// DbService's transformDocuments runs a chain of steps for field filtering and populates; a
			// service that uses neither only needs the adapter's copy of each row (the id field is the column).
			transformDocuments(this: Service, ctx: Context, params: Record<string, unknown>, docs: CrudEntity | CrudEntity[]) {
				const { fields, excludeFields, populates } = this.settings as Record<string, unknown>;
				const plain = !fields && !excludeFields && !populates && !params?.["fields"] && !params?.["populate"];
				if (!plain) return fullTransform.call(this, ctx, params, docs);
				return Promise.resolve(Array.isArray(docs) ? docs.map(doc => adapter.entityToObject(doc)) : adapter.entityToObject(docs));
			}
		}
	});
}

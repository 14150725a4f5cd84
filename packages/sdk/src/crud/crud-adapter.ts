import { expressionBuilder, type Kysely, type SelectQueryBuilder, type Transaction } from "kysely";
import type { Service, ServiceBroker } from "moleculer";
import type { Database } from "../outbox/open-database.js";
import { sdkStorageOf } from "../outbox/open-database.js";
import type { Dialect } from "../storage/migrations.js";
import { openTransactionOf } from "../storage/open-transactions.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { badRequest, decodeRow, encodeEntity, encodeValue, type CrudEntity } from "./columns.js";
import { resolveCrudOptions, type CrudAdapterOptions, type CrudTable } from "./crud-options.js";
import { limitForOffset, rowCount, sortTerms, type CrudAdapterFindParams } from "./list-params.js";
import { whereQuery, type CrudExpressions, type CrudTables } from "./query-filter.js";
import { searchColumns, whereSearch } from "./search.js";
import { updateAssignments } from "./update-document.js";

type Select = SelectQueryBuilder<CrudTables, string, CrudEntity>;

interface BoundDatabase {
	readonly owner: object;
	readonly storage: { readonly dialect: Dialect; migrate(): Promise<void> };
	readonly kysely: Kysely<CrudTables>;
}

/**
 * A moleculer-db adapter on a table of a database from `openDatabase`
 * (PostgreSQL or SQLite): `mixins: [DbService], adapter: crudAdapter(db, {…})`.
 * Inside `db.transaction(…)` every call joins that transaction. Column names
 * from callers are checked against `columns`; values are bound parameters.
 */
export class CrudAdapter {
	private readonly table: CrudTable;
	// Moleculer deep-clones a service schema (lodash cloneDeep), adapter included;
	// a clone of Kysely or the database is broken, a function is kept as it is.
	private readonly database: () => BoundDatabase;
	/** The DbService's `settings.idField`, which callers may use for the id column. */
	private idAlias: string | undefined;
	broker: ServiceBroker | undefined;
	service: Service | undefined;

	/** Use `crudAdapter(database, options)`. */
	constructor(database: object, options: CrudAdapterOptions) {
		const storage = sdkStorageOf(database);
		this.table = resolveCrudOptions(options);
		// The handle is the SqlDatabase itself; its Kysely is typed for the SDK's tables only.
		const bound: BoundDatabase = { owner: database, storage, kysely: storage.sdk as unknown as Kysely<CrudTables> };
		this.database = () => bound;
	}

	private get owner(): object {
		return this.database().owner;
	}

	private get storage(): BoundDatabase["storage"] {
		return this.database().storage;
	}

	private get kysely(): Kysely<CrudTables> {
		return this.database().kysely;
	}

	private get dialect(): Dialect {
		return this.storage.dialect;
	}

	/** The transaction open on this database in the current call, else the database. */
	private get db(): Kysely<CrudTables> {
		return (openTransactionOf(this.owner) as Transaction<CrudTables> | undefined) ?? this.kysely;
	}

	init(broker: ServiceBroker, service: Service): void {
		this.broker = broker;
		this.service = service;
		const idField = (service?.settings as { idField?: unknown } | undefined)?.idField;
		this.idAlias = typeof idField === "string" ? idField : undefined;
	}

	/** Applies the database's migrations, then checks the table has every listed column. */
	async connect(): Promise<void> {
		await this.storage.migrate();
		try {
			await this.kysely
				.selectFrom(this.table.table)
				.select([...this.table.columns.keys()])
				.limit(1)
				.execute();
		} catch (error) {
			throw new BackbeatError(
				"CONFIG_INVALID",
				`crud adapter: table '${this.table.table}' with columns ${[...this.table.columns.keys()].join(", ")} is not in the database (${error instanceof Error ? error.message : String(error)})`,
				{ cause: error, data: { setting: "table", field: this.table.table } }
			);
		}
	}

	/** The database belongs to whoever opened it; they close it. */
	async disconnect(): Promise<void> {}

	private select(filters: CrudAdapterFindParams | undefined, what: "rows" | "count" = "rows"): Select {
		const params = filters ?? {};
		const from = this.db.selectFrom(this.table.table);
		let query = (what === "rows" ? from.selectAll() : from.select(eb => eb.fn.countAll().as("count"))) as Select;
		if (params.query !== undefined && params.query !== null) {
			const where = params.query;
			query = query.where(eb => whereQuery(eb, this.table, where, this.dialect, this.idAlias));
		}
		if (params.search !== undefined && params.search !== null && params.search !== "") {
			if (typeof params.search !== "string") throw badRequest("search", "search", "search: expected a string");
			const text = params.search;
			const columns = searchColumns(this.table, params.searchFields, this.idAlias);
			query = query.where(eb => whereSearch(eb, columns, text, this.dialect));
		}
		return query;
	}

	/** Rows matching `query` and `search`, ordered by `sort` (then id), one page by `limit`/`offset`. */
	async find(filters?: CrudAdapterFindParams): Promise<CrudEntity[]> {
		let query = this.select(filters);
		for (const term of sortTerms(this.table, filters?.sort, this.idAlias)) query = query.orderBy(term.column, term.direction);
		const limit = rowCount(filters?.limit, "limit");
		const offset = rowCount(filters?.offset, "offset");
		const effectiveLimit = limit ?? (offset === undefined ? undefined : limitForOffset(this.dialect));
		if (effectiveLimit !== undefined) query = query.limit(effectiveLimit);
		if (offset !== undefined) query = query.offset(offset);
		return (await query.execute()).map(row => decodeRow(this.table, row));
	}

	async findOne(query: CrudAdapterFindParams["query"]): Promise<CrudEntity | null> {
		const [entity] = await this.find({ query, limit: 1 });
		return entity ?? null;
	}

	async findById(id: unknown): Promise<CrudEntity | null> {
		const row = await this.db
			.selectFrom(this.table.table)
			.selectAll()
			.where(this.table.idField, "=", this.boundId(id))
			.executeTakeFirst();
		return row === undefined ? null : decodeRow(this.table, row);
	}

	async findByIds(ids: readonly unknown[]): Promise<CrudEntity[]> {
		if (!Array.isArray(ids)) throw badRequest(this.table.idField, "id", "findByIds: expected a list of ids");
		if (ids.length === 0) return [];
		return this.find({ query: { [this.table.idField]: { $in: ids } } });
	}

	/** Rows matching `query` and `search`; `limit`, `offset` and `sort` are ignored. */
	async count(filters?: CrudAdapterFindParams): Promise<number> {
		const { count } = await this.select(filters, "count").executeTakeFirstOrThrow();
		return Number(count);
	}

	/** Inserts a row and returns it as stored (with a generated id and column defaults). */
	async insert(entity: CrudEntity): Promise<CrudEntity> {
		return this.insertRow(this.db, encodeEntity(this.table, entity, this.dialect));
	}

	/** Inserts rows in one transaction (the caller's, when one is open): all or none. */
	async insertMany(entities: readonly CrudEntity[]): Promise<CrudEntity[]> {
		if (!Array.isArray(entities)) throw badRequest("entities", "entity", "insertMany: expected a list of entities");
		const rows = entities.map(entity => encodeEntity(this.table, entity, this.dialect));
		const insertAll = async (db: Kysely<CrudTables>) => {
			const inserted: CrudEntity[] = [];
			for (const row of rows) inserted.push(await this.insertRow(db, row));
			return inserted;
		};
		const open = openTransactionOf(this.owner) as Transaction<CrudTables> | undefined;
		return open ? insertAll(open) : this.kysely.transaction().execute(insertAll);
	}

	private async insertRow(db: Kysely<CrudTables>, row: CrudEntity): Promise<CrudEntity> {
		const insert = db.insertInto(this.table.table);
		const values = Object.keys(row).length === 0 ? insert.defaultValues() : insert.values(row);
		return decodeRow(this.table, await values.returningAll().executeTakeFirstOrThrow());
	}

	/** Applies `{ $set, $inc }` to the rows matching `query`; returns how many changed. */
	async updateMany(query: CrudAdapterFindParams["query"], update: unknown): Promise<number> {
		const assignments = updateAssignments(this.table, update, this.dialect, this.idAlias);
		const where = (eb: CrudExpressions) => whereQuery(eb, this.table, query ?? {}, this.dialect, this.idAlias);
		if (assignments === undefined) {
			where(expressionBuilder<CrudTables, string>()); // a bad query is refused even when nothing would change
			return 0;
		}
		const [result] = await this.db.updateTable(this.table.table).set(assignments).where(where).execute();
		return Number(result?.numUpdatedRows ?? 0n);
	}

	/** Applies `{ $set, $inc }` to one row; returns it as updated, or null when no row has that id. */
	async updateById(id: unknown, update: unknown): Promise<CrudEntity | null> {
		const assignments = updateAssignments(this.table, update, this.dialect, this.idAlias);
		if (assignments === undefined) return this.findById(id);
		const row = await this.db
			.updateTable(this.table.table)
			.set(assignments)
			.where(this.table.idField, "=", this.boundId(id))
			.returningAll()
			.executeTakeFirst();
		return row === undefined ? null : decodeRow(this.table, row);
	}

	/** Deletes the rows matching `query`; returns how many. */
	async removeMany(query: CrudAdapterFindParams["query"]): Promise<number> {
		const [result] = await this.db
			.deleteFrom(this.table.table)
			.where(eb => whereQuery(eb, this.table, query ?? {}, this.dialect, this.idAlias))
			.execute();
		return Number(result?.numDeletedRows ?? 0n);
	}

	/** Deletes one row; returns it as it was, or null when no row has that id. */
	async removeById(id: unknown): Promise<CrudEntity | null> {
		const row = await this.db
			.deleteFrom(this.table.table)
			.where(this.table.idField, "=", this.boundId(id))
			.returningAll()
			.executeTakeFirst();
		return row === undefined ? null : decodeRow(this.table, row);
	}

	/** Deletes every row of the table; returns how many. */
	async clear(): Promise<number> {
		const [result] = await this.db.deleteFrom(this.table.table).execute();
		return Number(result?.numDeletedRows ?? 0n);
	}

	/** Entities are already plain objects; a copy, so DbService's field filtering can't touch ours. */
	entityToObject(entity: CrudEntity): CrudEntity {
		return { ...entity };
	}

	/** The DbService's `idField` value moves to the id column. */
	beforeSaveTransformID(entity: CrudEntity, idField: string): CrudEntity {
		if (idField === this.table.idField || entity[idField] === undefined) return entity;
		const { [idField]: id, ...rest } = entity;
		return { ...rest, [this.table.idField]: id };
	}

	/** The id column's value moves to the DbService's `idField`. */
	afterRetrieveTransformID(entity: CrudEntity, idField: string): CrudEntity {
		if (idField === this.table.idField) return entity;
		const { [this.table.idField]: id, ...rest } = entity;
		return { ...rest, [idField]: id };
	}

	/** An id as a bound value of the id column's type; BAD_REQUEST for null or a value of another type. */
	private boundId(id: unknown): unknown {
		const column = { name: this.table.idField, type: this.table.columns.get(this.table.idField)! };
		const bound = encodeValue(column, id, "id", this.dialect);
		if (bound === null) throw badRequest(this.table.idField, "id", "id: expected a value, got null");
		return bound;
	}
}

/**
 * A moleculer-db adapter for `options.table` in `database` (from
 * `openDatabase`). The service's `connect` applies the database's
 * migrations; the database is not closed by the service.
 */
export function crudAdapter<T>(database: Database<T>, options: CrudAdapterOptions): CrudAdapter {
	return new CrudAdapter(database, options);
}

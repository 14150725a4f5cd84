import type { Kysely } from "kysely";
import type { CallSource } from "../context/call-source.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { SqlDatabase, type DatabaseOptions, type SdkStorage } from "../storage/database.js";
import type { Dialect } from "../storage/migrations.js";
import { createScope, type TransactionScope } from "./transaction-scope.js";

/**
 * A service's SQL storage: its own tables (typed by `T`) next to the SDK's
 * outbox, inbox and dead-letter tables, on PostgreSQL or SQLite.
 */
export interface Database<T> {
	readonly dialect: Dialect;
	/** Kysely for reads and single statements outside a transaction. */
	readonly db: Kysely<T>;
	/**
	 * Runs `work` in one transaction: it commits when `work` resolves and
	 * rolls back (publishing nothing) when it throws. Applies pending
	 * migrations first, once.
	 */
	transaction<R>(work: (tx: TransactionScope<T>) => Promise<R>): Promise<R>;
	/**
	 * The same, in the trace of `source`: pass the handler's `ctx` (as to
	 * `client(ctx, …)`) and each `tx.publish` gets a messaging `create` span,
	 * child of the handler's span, whose context the outbox row keeps, so the
	 * relay and every consumer continue the request's trace.
	 */
	transaction<R>(source: CallSource, work: (tx: TransactionScope<T>) => Promise<R>): Promise<R>;
	/** Applies pending migrations (the SDK's, then the service's); later calls reuse the first run. */
	migrate(): Promise<void>;
	close(): Promise<void>;
}

// The databases openDatabase made, so the relay and consumers reach the internals of a
// public handle without a cast, and anything else gets a clear error.
const opened = new WeakMap<object, SqlDatabase<unknown, TransactionScope<unknown>>>();

/**
 * Opens a service's database (PostgreSQL connects on first use; a SQLite
 * file is created at once); its transactions can publish to the outbox.
 * A bad URL or option throws CONFIG_INVALID naming it. Whoever opens a
 * database closes it.
 */
export function openDatabase<T>(options: DatabaseOptions = {}, env: NodeJS.ProcessEnv = process.env): Database<T> {
	const database = new SqlDatabase<T, TransactionScope<T>>(options, env, createScope);
	opened.set(database, database as SqlDatabase<unknown, TransactionScope<unknown>>);
	return database;
}

/** What the relay needs of a handle from `openDatabase` (any `Database<T>`). */
export function sdkStorageOf(database: object): SdkStorage {
	const sql = opened.get(database);
	if (!sql)
		throw new BackbeatError("CONFIG_INVALID", "database: expected a database from openDatabase()", { data: { setting: "database" } });
	return sql;
}

/** The SQL database behind a handle from `openDatabase`. */
export function sqlDatabaseOf<T>(database: Database<T>): SqlDatabase<T, TransactionScope<T>> {
	sdkStorageOf(database);
	// openDatabase<T> stored it, so its tables are T's.
	return database as SqlDatabase<T, TransactionScope<T>>;
}

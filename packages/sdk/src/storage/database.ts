import { EventEmitter } from "node:events";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type * as Pg from "pg";
import { configError } from "../broker/config-error.js";
import type { CallSource } from "../client/call-source.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { connect } from "./dialects.js";
import { CommitNotifier } from "./commit-notifier.js";
import { checkMigrations, runMigrations, type Dialect, type Migration } from "./migrations.js";
import { SDK_MIGRATIONS, type SdkTables } from "./sdk-tables.js";
import { createScope, type ScopeState, type TransactionScope } from "./transaction-scope.js";

export interface DatabaseOptions {
	/**
	 * `postgres://user@host:5432/db` (add `?schema=name` for a schema of its
	 * own), `sqlite:<file>` or `sqlite::memory:`. Env: `BACKBEAT_DATABASE_URL`.
	 * Default `sqlite:<BACKBEAT_DATA_DIR or ./data>/<name>.sqlite`.
	 */
	readonly url?: string;
	/** Names the default SQLite file. Default `backbeat`. */
	readonly name?: string;
	/** The service's own schema steps, applied after the SDK's tables. Default none. */
	readonly migrations?: readonly Migration[];
	/** PostgreSQL connections in the pool. Default `10`. */
	readonly poolSize?: number;
}

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

/** The parts of a database the outbox relay and the inbox need; not exported from the package. */
export class SqlDatabase<T> implements Database<T> {
	readonly dialect: Dialect;
	readonly db: Kysely<T>;
	readonly target: DatabaseTarget;
	readonly pool: Pg.Pool | undefined;
	/** PostgreSQL NOTIFY channel that wakes relays of this schema. */
	readonly wakeChannel: string;
	/** Emits `committed` after a transaction that published events commits in this process. */
	readonly commits = new EventEmitter();
	private readonly notifier: CommitNotifier | undefined;
	private readonly migrations: readonly Migration[];
	private migrated: Promise<void> | undefined;
	private closed = false;

	constructor(options: DatabaseOptions, env: NodeJS.ProcessEnv) {
		const fromOption = options.url !== undefined;
		const url = options.url ?? (env["BACKBEAT_DATABASE_URL"] || `sqlite:${join(env["BACKBEAT_DATA_DIR"] || "data", `${options.name ?? "backbeat"}.sqlite`)}`);
		const source = { setting: fromOption ? "url" : env["BACKBEAT_DATABASE_URL"] ? "BACKBEAT_DATABASE_URL" : "BACKBEAT_DATA_DIR" };
		const poolSize = options.poolSize ?? 10;
		if (!Number.isInteger(poolSize) || poolSize < 1) throw configError({ setting: "poolSize" }, `must be a positive integer, got ${String(options.poolSize)}`);
		checkMigrations(options.migrations ?? []);
		this.target = parseDatabaseUrl(url, source);
		this.dialect = this.target.dialect;
		this.migrations = [...SDK_MIGRATIONS, ...(options.migrations ?? [])];
		this.wakeChannel = `backbeat_outbox_${this.target.dialect === "postgres" ? this.target.schema : "sqlite"}`;
		const connection = connect(this.target, poolSize, source);
		this.db = connection.kysely as Kysely<T>;
		this.pool = connection.pool;
		this.commits.setMaxListeners(0);
		const pool = connection.pool;
		if (pool) this.notifier = new CommitNotifier(() => pool.query("select pg_notify($1, '')", [this.wakeChannel]));
	}

	/** The same connection, typed for the SDK's tables. */
	get sdk(): Kysely<SdkTables> {
		return this.db as unknown as Kysely<SdkTables>;
	}

	migrate(): Promise<void> {
		this.migrated ??= runMigrations(this.db as Kysely<unknown>, this.dialect, this.target.dialect === "postgres" ? this.target.schema : undefined, this.migrations).then(
			() => undefined,
			(error: unknown) => {
				this.migrated = undefined; // let a later call try again (the server may come back)
				throw error;
			}
		);
		return this.migrated;
	}

	transaction<R>(work: (tx: TransactionScope<T>) => Promise<R>): Promise<R>;
	transaction<R>(source: CallSource, work: (tx: TransactionScope<T>) => Promise<R>): Promise<R>;
	async transaction<R>(first: CallSource | ((tx: TransactionScope<T>) => Promise<R>), second?: (tx: TransactionScope<T>) => Promise<R>): Promise<R> {
		const [source, work] = typeof first === "function" ? [undefined, first] : [first, second];
		if (typeof work !== "function") throw new BackbeatError("BAD_REQUEST", "transaction(source, work): work must be a function", { data: { field: "work" } });
		await this.migrate();
		const state: ScopeState = { published: 0 };
		const result = await this.db.transaction().execute(tx => work(createScope(tx, this.dialect, state, source)));
		if (state.published > 0) this.eventsCommitted();
		return result;
	}

	/** After a commit that published events: wakes this process's relay, and relays elsewhere (PostgreSQL NOTIFY). */
	eventsCommitted(): void {
		this.commits.emit("committed");
		this.notifier?.committed();
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.db.destroy();
	}
}

/**
 * Opens a service's database (PostgreSQL connects on first use; a SQLite
 * file is created at once).
 * A bad URL or option throws CONFIG_INVALID naming it. Whoever opens a
 * database closes it.
 */
export function openDatabase<T>(options: DatabaseOptions = {}, env: NodeJS.ProcessEnv = process.env): Database<T> {
	return new SqlDatabase<T>(options, env);
}

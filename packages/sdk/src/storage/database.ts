import { EventEmitter } from "node:events";
import { join } from "node:path";
import type { Kysely, Transaction } from "kysely";
import type * as Pg from "pg";
import { positiveInt } from "../config/settings.js";
import type { CallSource } from "../context/call-source.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { connect } from "./dialects.js";
import { CommitNotifier } from "./commit-notifier.js";
import { runInTransaction } from "./open-transactions.js";
import { checkMigrations, runMigrations, type Dialect, type Migration } from "./migrations.js";
import { SDK_MIGRATIONS, type SdkTables } from "./sdk-tables.js";

/** The defaults of `openDatabase`'s options. */
export const DATABASE_DEFAULTS = { name: "backbeat", poolSize: 10, dataDir: "data" } as const;

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

/** Builds what a unit of work gets inside one transaction (the outbox's scope); given by whoever opens the database. */
export type ScopeFactory<T, S> = (tx: Transaction<T>, dialect: Dialect, state: ScopeState, source: CallSource | undefined) => S;

/** Counts what a scope published, so the database can wake relays after the commit. */
export interface ScopeState {
	published: number;
}

/** What the outbox relay needs of a database: the SDK's tables and how commits are announced. */
export interface SdkStorage {
	readonly dialect: Dialect;
	readonly sdk: Kysely<SdkTables>;
	readonly pool: Pg.Pool | undefined;
	readonly wakeChannel: string;
	readonly commits: EventEmitter;
	migrate(): Promise<void>;
}

/**
 * A service's SQL storage (PostgreSQL or SQLite): its connection, the SDK's
 * tables and migrations, and transactions whose scope `S` comes from the
 * caller. Internal: users get it as the public `Database` from `openDatabase`.
 */
export class SqlDatabase<T, S = unknown> implements SdkStorage {
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

	constructor(
		options: DatabaseOptions,
		env: NodeJS.ProcessEnv,
		private readonly makeScope: ScopeFactory<T, S>
	) {
		const fromOption = options.url !== undefined;
		const url =
			options.url ??
			(env["BACKBEAT_DATABASE_URL"] ||
				`sqlite:${join(env["BACKBEAT_DATA_DIR"] || DATABASE_DEFAULTS.dataDir, `${options.name ?? DATABASE_DEFAULTS.name}.sqlite`)}`);
		const source = { setting: fromOption ? "url" : env["BACKBEAT_DATABASE_URL"] ? "BACKBEAT_DATABASE_URL" : "BACKBEAT_DATA_DIR" };
		const poolSize = positiveInt(options.poolSize ?? DATABASE_DEFAULTS.poolSize, "poolSize");
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
		this.migrated ??= runMigrations(
			this.db as Kysely<unknown>,
			this.dialect,
			this.target.dialect === "postgres" ? this.target.schema : undefined,
			this.migrations
		).then(
			() => undefined,
			(error: unknown) => {
				this.migrated = undefined; // let a later call try again (the server may come back)
				throw error;
			}
		);
		return this.migrated;
	}

	transaction<R>(work: (tx: S) => Promise<R>): Promise<R>;
	transaction<R>(source: CallSource, work: (tx: S) => Promise<R>): Promise<R>;
	async transaction<R>(first: CallSource | ((tx: S) => Promise<R>), second?: (tx: S) => Promise<R>): Promise<R> {
		const [source, work] = typeof first === "function" ? [undefined, first] : [first, second];
		if (typeof work !== "function")
			throw new BackbeatError("BAD_REQUEST", "transaction(source, work): work must be a function", { data: { field: "work" } });
		await this.migrate();
		const state: ScopeState = { published: 0 };
		const result = await this.db
			.transaction()
			.execute(tx => runInTransaction(this, tx as Transaction<unknown>, () => work(this.makeScope(tx, this.dialect, state, source))));
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

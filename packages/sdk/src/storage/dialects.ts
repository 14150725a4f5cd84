import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type BetterSqlite3 from "better-sqlite3";
import type * as Pg from "pg";
import { configError, type SettingSource } from "../config/settings.js";
import type { DatabaseTarget } from "./database-url.js";
import { withStatementCache } from "./sqlite-statement-cache.js";

// pg and better-sqlite3 are optional peers: load only the one a URL asks for.
const require = createRequire(import.meta.url);

function load<T>(name: string, source: SettingSource): T {
	try {
		return require(name) as T;
	} catch {
		throw configError(source, `the '${name}' package is needed for this database; install it with npm install ${name}`);
	}
}

export interface Connection {
	readonly kysely: Kysely<unknown>;
	/** PostgreSQL only: a pool for LISTEN connections and the relay's wake-ups. */
	readonly pool?: Pg.Pool;
}

export function connect(target: DatabaseTarget, poolSize: number, source: SettingSource): Connection {
	if (target.dialect === "sqlite") {
		const Sqlite = load<typeof BetterSqlite3>("better-sqlite3", source);
		if (target.file !== ":memory:") mkdirSync(dirname(target.file), { recursive: true });
		const database = new Sqlite(target.file);
		// WAL lets readers run beside the writer; NORMAL sync is durable across process
		// crashes (only an OS crash can lose the last commits), which embedded mode accepts.
		database.pragma("journal_mode = WAL");
		database.pragma("synchronous = NORMAL");
		database.pragma("busy_timeout = 5000");
		return { kysely: new Kysely<unknown>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }) };
	}
	const pg = load<typeof Pg>("pg", source);
	const pool = new pg.Pool({
		connectionString: target.connectionString,
		max: poolSize,
		// Every connection works in the service's schema; `public` stays reachable for extensions.
		options: `-c search_path=${target.schema},public`
	});
	// An idle client losing its server emits 'error' on the pool; without a listener that kills the process.
	pool.on("error", () => undefined);
	return { kysely: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), pool };
}

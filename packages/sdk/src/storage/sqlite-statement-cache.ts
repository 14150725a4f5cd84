import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/** Statements kept per database; the SDK's and a service's queries fit many times over. */
const CAPACITY = 256;

/**
 * Gives Kysely a database whose `prepare` reuses compiled statements. Kysely
 * prepares every query anew, and compiling SQL took about a sixth of an
 * embedded service's CPU per event (outbox probe, 2026-11-29). A statement
 * still being iterated (a streamed select) is busy, so a second user gets a
 * fresh one. SQLite re-prepares a cached statement by itself after a schema
 * change, so migrations need no flush.
 */
export function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
	const statements = new Map<string, BetterSqlite3.Statement>();
	return {
		close: () => database.close(),
		prepare(sql) {
			const cached = statements.get(sql);
			if (cached && !cached.busy) {
				// Least recently used goes first: re-inserting moves this one to the end.
				statements.delete(sql);
				statements.set(sql, cached);
				return cached;
			}
			const statement = database.prepare(sql);
			if (!cached) {
				statements.set(sql, statement);
				if (statements.size > CAPACITY) statements.delete(statements.keys().next().value as string);
			}
			return statement;
		}
	};
}

import { sql, type Kysely } from "kysely";
import { BackbeatError } from "../errors/backbeat-error.js";

export type Dialect = "postgres" | "sqlite";

/**
 * One step of a schema. Steps run once, in order, each recorded in
 * `backbeat_migrations` by its id; never edit a step that has run
 * somewhere, add a new one.
 */
export interface Migration {
	/** Unique and stable, e.g. `001-playlists`. Ids starting with `backbeat/` are the SDK's. */
	readonly id: string;
	/** Uses `db.schema` (Kysely's schema builder) or `sql`; `dialect` lets one step differ per database. */
	up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

interface MigrationsTable {
	backbeat_migrations: { id: string; applied_at: number | string };
}

// Any constant works; it only has to differ from the other advisory lock spaces of the SDK.
export const MIGRATION_LOCK = 0x6b6d;

export function checkMigrations(migrations: readonly Migration[]): void {
	const seen = new Set<string>();
	migrations.forEach((migration, index) => {
		if (typeof migration?.id !== "string" || migration.id === "" || typeof migration.up !== "function") {
			throw new BackbeatError("CONFIG_INVALID", `migrations[${index}] needs an id (string) and an up(db) function`, {
				data: { field: `migrations[${index}]` }
			});
		}
		if (seen.has(migration.id))
			throw new BackbeatError("CONFIG_INVALID", `migration id '${migration.id}' is used twice`, {
				data: { field: `migrations[${index}].id` }
			});
		seen.add(migration.id);
	});
}

/**
 * Applies the steps not yet recorded, all in one transaction: DDL is
 * transactional in PostgreSQL and SQLite, so a failing step leaves nothing
 * half-made. On PostgreSQL an advisory lock lets several processes start at
 * once; the later ones find the steps applied.
 */
export async function runMigrations(
	kysely: Kysely<unknown>,
	dialect: Dialect,
	schema: string | undefined,
	migrations: readonly Migration[]
): Promise<string[]> {
	return (kysely as Kysely<MigrationsTable>).transaction().execute(async tx => {
		if (dialect === "postgres") {
			await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK}, 0)`.execute(tx);
			if (schema !== undefined) await sql`create schema if not exists ${sql.id(schema)}`.execute(tx);
		}
		await tx.schema
			.createTable("backbeat_migrations")
			.ifNotExists()
			.addColumn("id", "text", c => c.primaryKey())
			.addColumn("applied_at", "bigint", c => c.notNull())
			.execute();
		const applied = new Set((await tx.selectFrom("backbeat_migrations").select("id").execute()).map(row => row.id));
		const ran: string[] = [];
		for (const migration of migrations) {
			if (applied.has(migration.id)) continue;
			try {
				await migration.up(tx as unknown as Kysely<unknown>, dialect);
			} catch (error) {
				throw new BackbeatError(
					"INTERNAL_SERVER_ERROR",
					`migration '${migration.id}' failed: ${error instanceof Error ? error.message : String(error)}`,
					{ cause: error, data: { field: migration.id } }
				);
			}
			await tx.insertInto("backbeat_migrations").values({ id: migration.id, applied_at: Date.now() }).execute();
			ran.push(migration.id);
		}
		return ran;
	});
}

import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";
import { sql } from "kysely";
import type { z } from "zod";
import { AlbumsCrud, ArtistsCrud, TracksCrud, type Album, type Artist, type Track } from "./entities.js";

/** The catalog's tables (Kysely types): one per entity, columns named as the entity's fields. */
export interface CatalogTables {
	artists: z.output<typeof Artist>;
	albums: z.output<typeof Album>;
	tracks: Omit<z.output<typeof Track>, "explicit"> & { explicit: boolean | number };
}

export type CatalogDatabase = Database<CatalogTables>;

const SEARCHED = [
	{ table: "artists", columns: ["name"] },
	{ table: "albums", columns: ["title", "artistName"] },
	{ table: "tracks", columns: ["title", "artistName", "albumTitle"] }
] as const;

/**
 * Full-text search in the database's own engine, kept in step by the
 * database itself: SQLite FTS5 tables fed by triggers (prefix indexes for
 * typing), PostgreSQL generated `tsvector` columns with GIN indexes.
 */
const searchMigration: Migration = {
	id: "catalog-002-search",
	async up(db, dialect) {
		for (const { table, columns } of SEARCHED) {
			const cols = columns.map(column => `"${column}"`).join(", ");
			if (dialect === "postgres") {
				const text = columns.map(column => `coalesce("${column}", '')`).join(` || ' ' || `);
				await sql
					.raw(`alter table ${table} add column search tsvector generated always as (to_tsvector('simple', ${text})) stored`)
					.execute(db);
				await sql.raw(`create index ${table}_search_idx on ${table} using gin (search)`).execute(db);
				continue;
			}
			const fts = `${table}_fts`;
			const values = (row: "new" | "old") => columns.map(column => `${row}."${column}"`).join(", ");
			await sql
				.raw(
					`create virtual table ${fts} using fts5(${cols}, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger ${table}_fts_insert after insert on ${table} begin insert into ${fts}(rowid, ${cols}) values (new.rowid, ${values("new")}); end`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger ${table}_fts_delete after delete on ${table} begin insert into ${fts}(${fts}, rowid, ${cols}) values ('delete', old.rowid, ${values("old")}); end`
				)
				.execute(db);
			await sql
				.raw(
					`create trigger ${table}_fts_update after update on ${table} begin insert into ${fts}(${fts}, rowid, ${cols}) values ('delete', old.rowid, ${values("old")}); insert into ${fts}(rowid, ${cols}) values (new.rowid, ${values("new")}); end`
				)
				.execute(db);
		}
	}
};

const migrations: Migration[] = [ArtistsCrud.migration, AlbumsCrud.migration, TracksCrud.migration, searchMigration];

/**
 * Opens the catalog database at `url`, by default `serviceDatabaseUrl("catalog")`:
 * CATALOG_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `catalog`, else the
 * SQLite file catalog.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openCatalogDatabase(url: string | undefined = serviceDatabaseUrl("catalog")): CatalogDatabase {
	return openDatabase<CatalogTables>({ name: "catalog", migrations, ...(url === undefined ? {} : { url }) });
}

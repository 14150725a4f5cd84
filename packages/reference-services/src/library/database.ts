import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The library's own table: one row per (user, kind, catalog id). */
export interface LibraryTables {
	library_items: { user_id: string; kind: string; item_id: string; added_at: string };
}

export type LibraryDatabase = Database<LibraryTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-library",
		async up(db) {
			await db.schema
				.createTable("library_items")
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("kind", "text", c => c.notNull())
				.addColumn("item_id", "text", c => c.notNull())
				.addColumn("added_at", "text", c => c.notNull())
				.addPrimaryKeyConstraint("library_items_pk", ["user_id", "kind", "item_id"])
				.execute();
			await db.schema.createIndex("library_items_recent").on("library_items").columns(["user_id", "kind", "added_at"]).execute();
		}
	}
];

/**
 * Opens the library database at `url`, by default `serviceDatabaseUrl("library")`:
 * LIBRARY_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `library`, else the
 * SQLite file library.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openLibraryDatabase(url: string | undefined = serviceDatabaseUrl("library")): LibraryDatabase {
	return openDatabase<LibraryTables>({ name: "library", migrations, ...(url === undefined ? {} : { url }) });
}

import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The playlists service's own tables. */
export interface PlaylistsTables {
	playlists: {
		id: string;
		owner_id: string;
		name: string;
		description: string;
		public: boolean | number;
		collaborative: boolean | number;
		snapshot_id: string;
		track_count: number;
		updated_at: string;
	};
	/** Items by position 0…n-1, rewritten in the playlist's transaction on every change. */
	playlist_items: { playlist_id: string; position: number; track_id: string; added_by: string; added_at: string };
	playlist_collaborators: { playlist_id: string; user_id: string };
}

export type PlaylistsDatabase = Database<PlaylistsTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-playlists",
		async up(db, dialect) {
			const bool = dialect === "postgres" ? "boolean" : "integer";
			await db.schema
				.createTable("playlists")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("owner_id", "text", c => c.notNull())
				.addColumn("name", "text", c => c.notNull())
				.addColumn("description", "text", c => c.notNull())
				.addColumn("public", bool, c => c.notNull())
				.addColumn("collaborative", bool, c => c.notNull())
				.addColumn("snapshot_id", "text", c => c.notNull())
				.addColumn("track_count", "integer", c => c.notNull())
				.addColumn("updated_at", "text", c => c.notNull())
				.execute();
			await db.schema.createIndex("playlists_owner").on("playlists").column("owner_id").execute();
			await db.schema
				.createTable("playlist_items")
				.addColumn("playlist_id", "text", c => c.notNull())
				.addColumn("position", "integer", c => c.notNull())
				.addColumn("track_id", "text", c => c.notNull())
				.addColumn("added_by", "text", c => c.notNull())
				.addColumn("added_at", "text", c => c.notNull())
				.execute();
			await db.schema.createIndex("playlist_items_order").on("playlist_items").columns(["playlist_id", "position"]).execute();
			await db.schema
				.createTable("playlist_collaborators")
				.addColumn("playlist_id", "text", c => c.notNull())
				.addColumn("user_id", "text", c => c.notNull())
				.addPrimaryKeyConstraint("playlist_collaborators_pk", ["playlist_id", "user_id"])
				.execute();
			await db.schema.createIndex("playlist_collaborators_user").on("playlist_collaborators").column("user_id").execute();
		}
	}
];

/**
 * Opens the playlists database at `url`, by default `serviceDatabaseUrl("playlists")`:
 * PLAYLISTS_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `playlists`, else the
 * SQLite file playlists.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openPlaylistsDatabase(url: string | undefined = serviceDatabaseUrl("playlists")): PlaylistsDatabase {
	return openDatabase<PlaylistsTables>({ name: "playlists", migrations, ...(url === undefined ? {} : { url }) });
}

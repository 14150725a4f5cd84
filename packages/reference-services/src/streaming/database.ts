import { openDatabase, type Database, type Migration } from "@backbeat/sdk";
import { serviceDatabaseUrl } from "../config/service-database.js";

/** Plays, and each user's plan as the payments service's events last said. */
export interface StreamingTables {
	plays: {
		play_id: string;
		user_id: string;
		track_id: string;
		bitrate: number;
		ad: number;
		context: string | null;
		state: string;
		position_ms: number;
		duration_ms: number;
		started_at: string;
		updated_at: string;
	};
	entitlements: { user_id: string; plan: string; changed_at: string };
}

export type StreamingDatabase = Database<StreamingTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-streaming",
		async up(db) {
			await db.schema
				.createTable("plays")
				.addColumn("play_id", "text", c => c.primaryKey())
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("track_id", "text", c => c.notNull())
				.addColumn("bitrate", "integer", c => c.notNull())
				.addColumn("ad", "integer", c => c.notNull())
				.addColumn("context", "text")
				.addColumn("state", "text", c => c.notNull())
				.addColumn("position_ms", "integer", c => c.notNull())
				.addColumn("duration_ms", "integer", c => c.notNull())
				.addColumn("started_at", "text", c => c.notNull())
				.addColumn("updated_at", "text", c => c.notNull())
				.execute();
			await db.schema.createIndex("plays_recent").on("plays").columns(["user_id", "started_at"]).execute();
			await db.schema
				.createTable("entitlements")
				.addColumn("user_id", "text", c => c.primaryKey())
				.addColumn("plan", "text", c => c.notNull())
				.addColumn("changed_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the streaming database at `url`, by default `serviceDatabaseUrl("streaming")`:
 * STREAMING_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `streaming`, else the
 * SQLite file streaming.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openStreamingDatabase(url: string | undefined = serviceDatabaseUrl("streaming")): StreamingDatabase {
	return openDatabase<StreamingTables>({ name: "streaming", migrations, ...(url === undefined ? {} : { url }) });
}

import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/**
 * The recommendations service's own tables. Scores are forward-decayed (see
 * `ranking.ts`): an interaction at time t adds 2^((t - landmark) / half-life),
 * so older ones weigh less without rewriting any row.
 */
export interface RecommendationsTables {
	/** The ledger: each play counted as a listen, once (a play's later events find its row). */
	counted_plays: { play_id: string; user_id: string; track_id: string; counted_at: string };
	/** What one user did with one track: listens counted, liked (0/1), decayed affinity, time of the latest interaction. */
	user_tracks: { user_id: string; track_id: string; plays: number; liked: number; score: number; last_at: string };
	/** Both directions of every pair of tracks one user took in close together, decayed. */
	co_occurrence: { track_id: string; other_id: string; score: number };
	/** Every user's interactions with a track, decayed; `listens` counts plays. */
	track_popularity: { track_id: string; score: number; listens: number };
	/** A user's mix of one week (its Monday), chosen on the first request of the week: JSON array of track ids. */
	weekly_mixes: { user_id: string; week_of: string; track_ids: string; created_at: string };
}

export type RecommendationsDatabase = Database<RecommendationsTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-recommendations",
		async up(db) {
			await db.schema
				.createTable("counted_plays")
				.addColumn("play_id", "text", c => c.primaryKey())
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("track_id", "text", c => c.notNull())
				.addColumn("counted_at", "text", c => c.notNull())
				.execute();
			await db.schema
				.createTable("user_tracks")
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("track_id", "text", c => c.notNull())
				.addColumn("plays", "integer", c => c.notNull())
				.addColumn("liked", "integer", c => c.notNull())
				.addColumn("score", "double precision", c => c.notNull())
				.addColumn("last_at", "text", c => c.notNull())
				.addPrimaryKeyConstraint("user_tracks_pk", ["user_id", "track_id"])
				.execute();
			await db.schema.createIndex("user_tracks_recent").on("user_tracks").columns(["user_id", "last_at"]).execute();
			await db.schema.createIndex("user_tracks_score").on("user_tracks").columns(["user_id", "score"]).execute();
			await db.schema
				.createTable("co_occurrence")
				.addColumn("track_id", "text", c => c.notNull())
				.addColumn("other_id", "text", c => c.notNull())
				.addColumn("score", "double precision", c => c.notNull())
				.addPrimaryKeyConstraint("co_occurrence_pk", ["track_id", "other_id"])
				.execute();
			await db.schema.createIndex("co_occurrence_best").on("co_occurrence").columns(["track_id", "score"]).execute();
			await db.schema
				.createTable("track_popularity")
				.addColumn("track_id", "text", c => c.primaryKey())
				.addColumn("score", "double precision", c => c.notNull())
				.addColumn("listens", "integer", c => c.notNull())
				.execute();
			await db.schema.createIndex("track_popularity_score").on("track_popularity").column("score").execute();
			await db.schema
				.createTable("weekly_mixes")
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("week_of", "text", c => c.notNull())
				.addColumn("track_ids", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.addPrimaryKeyConstraint("weekly_mixes_pk", ["user_id", "week_of"])
				.execute();
		}
	}
];

/**
 * Opens the recommendations database at `url`, by default `serviceDatabaseUrl("recommendations")`:
 * RECOMMENDATIONS_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `recommendations`, else the
 * SQLite file recommendations.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openRecommendationsDatabase(url: string | undefined = serviceDatabaseUrl("recommendations")): RecommendationsDatabase {
	return openDatabase<RecommendationsTables>({ name: "recommendations", migrations, ...(url === undefined ? {} : { url }) });
}

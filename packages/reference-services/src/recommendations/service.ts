import {
	client,
	consume,
	defineService,
	type EventConsumer,
	signedInUser,
	type HandlerContext,
	type ServiceDefinition
} from "@backbeat/sdk";
import type { z } from "zod";
import { CatalogContract } from "../catalog/contract.js";
import { type Track, TracksCrud } from "../catalog/entities.js";
import { withoutDeleted } from "../catalog/without-deleted.js";
import { LibraryContract } from "../library/contract.js";
import { PlaylistsContract } from "../playlists/contract.js";
import { StreamingContract } from "../streaming/contract.js";
import type { PlayProgressed } from "../streaming/events.js";
import { RecommendationsContract, WEEKLY_MIX_SIZE } from "./contract.js";
import { openRecommendationsDatabase, type RecommendationsDatabase, type RecommendationsTables } from "./database.js";
import { recordInteraction, recordUnlike } from "./interactions.js";
import { chooseMix, rankForUser, rankSimilar, weekOf } from "./ranking.js";

type Ctx = HandlerContext<unknown>;
type TrackView = z.output<typeof Track>;

/** A play counts as a listen from this position on (or when it completes), like a royalty-bearing stream. */
export const MIN_LISTEN_MS = 30_000;
// The catalog's most popular tracks, read once per this time: the fallback for new users and thin data.
const POPULAR_POOL = 200;
const POPULAR_TTL_MS = 5 * 60_000;
// A playlist change pairs at most this many of its tracks.
const MAX_ADDED_TRACKS = 50;

export interface RecommendationsServiceOptions {
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
}

/**
 * The recommendations service on `database`; without one it opens (and on
 * stop closes) `openRecommendationsDatabase()`. It learns from streaming's
 * plays, the library's likes and playlists' additions, each event once.
 */
export function createRecommendationsService(
	database?: RecommendationsDatabase,
	options: RecommendationsServiceOptions = {}
): ServiceDefinition {
	const db = database ?? openRecommendationsDatabase();
	const now = options.now ?? Date.now;
	let popular: { ids: Promise<string[]>; until: number } | undefined;

	function catalogPopular(ctx: Ctx): () => Promise<string[]> {
		return () => {
			if (popular === undefined || popular.until <= now()) {
				const ids = client(ctx, TracksCrud.contract)
					.find({ sort: ["-popularity"], limit: POPULAR_POOL })
					.then(tracks => tracks.map(track => track.id));
				popular = { ids, until: now() + POPULAR_TTL_MS };
				ids.catch(() => {
					if (popular?.ids === ids) popular = undefined;
				});
			}
			return popular.ids;
		};
	}

	/** The catalog's tracks for `ids`, in order, at most `limit`; ids the catalog no longer has are skipped. */
	async function existingTracks(ctx: Ctx, ids: readonly string[], limit: number): Promise<TrackView[]> {
		const catalog = client(ctx, CatalogContract);
		const found: TrackView[] = [];
		for (let start = 0; start < ids.length && found.length < limit; ) {
			const chunk = ids.slice(start, start + Math.min(50, limit - found.length));
			start += chunk.length;
			found.push(...(await withoutDeleted(chunk, some => catalog.getTracks({ ids: some }).then(page => page.tracks))).items);
		}
		return found;
	}

	const countPlay =
		(fromMs: number): EventConsumer<z.output<typeof PlayProgressed>, RecommendationsTables> =>
		async (event, tx) => {
			const { playId, userId, trackId, positionMs, at } = event.payload;
			if (positionMs < fromMs) return;
			// The ledger: a play's first event that qualifies counts it; its later events find the row.
			const [counted] = await tx.db
				.insertInto("counted_plays")
				.values({ play_id: playId, user_id: userId, track_id: trackId, counted_at: new Date(now()).toISOString() })
				.onConflict(conflict => conflict.column("play_id").doNothing())
				.execute();
			if (Number(counted?.numInsertedOrUpdatedRows ?? 0n) > 0) await recordInteraction(tx, userId, trackId, "listen", Date.parse(at));
		};

	return defineService(RecommendationsContract, {
		dependencies: [CatalogContract.fullName, TracksCrud.contract.fullName],
		consumers: [
			consume(StreamingContract, db, {
				playCompleted: countPlay(0),
				playProgressed: countPlay(MIN_LISTEN_MS),
				playSkipped: countPlay(MIN_LISTEN_MS)
			}),
			consume(LibraryContract, db, {
				trackLiked: (event, tx) =>
					recordInteraction(tx, event.payload.userId, event.payload.trackId, "like", Date.parse(event.payload.likedAt)),
				trackUnliked: (event, tx) => recordUnlike(tx, event.payload.userId, event.payload.trackId)
			}),
			consume(PlaylistsContract, db, {
				async tracksAdded(event, tx) {
					const at = Date.parse(event.occurredAt);
					for (const trackId of [...new Set(event.payload.trackIds)].slice(0, MAX_ADDED_TRACKS))
						await recordInteraction(tx, event.payload.userId, trackId, "add", at);
				}
			})
		],
		actions: {
			async forYou(ctx) {
				const { limit } = ctx.params;
				const { ids } = await rankForUser(db.db, signedInUser(ctx).id, limit, catalogPopular(ctx));
				return { items: await existingTracks(ctx, ids, limit) };
			},
			async similar(ctx) {
				const { id, limit } = ctx.params;
				// The catalog answers NOT_FOUND for a track it doesn't know.
				const [, ids] = await Promise.all([
					client(ctx, CatalogContract).getTrack({ id }),
					rankSimilar(db.db, id, limit, catalogPopular(ctx))
				]);
				return { items: await existingTracks(ctx, ids, limit) };
			},
			async weeklyMix(ctx) {
				const userId = signedInUser(ctx).id;
				const week = weekOf(now());
				const stored = () =>
					db.db
						.selectFrom("weekly_mixes")
						.select("track_ids")
						.where("user_id", "=", userId)
						.where("week_of", "=", week)
						.executeTakeFirst();
				let mix = await stored();
				if (mix === undefined) {
					// Chosen on the week's first request and kept, so new plays don't reshuffle it mid-week.
					const { ids, excluded } = await rankForUser(db.db, userId, WEEKLY_MIX_SIZE * 3, catalogPopular(ctx));
					const chosen = chooseMix(userId, week, ids, WEEKLY_MIX_SIZE);
					chosen.push(...excluded.slice(0, WEEKLY_MIX_SIZE - chosen.length));
					await db.db
						.insertInto("weekly_mixes")
						.values({
							user_id: userId,
							week_of: week,
							track_ids: JSON.stringify(chosen),
							created_at: new Date(now()).toISOString()
						})
						.onConflict(conflict => conflict.columns(["user_id", "week_of"]).doNothing())
						.execute();
					mix = await stored();
				}
				const ids = JSON.parse(mix?.track_ids ?? "[]") as string[];
				return { weekOf: week, items: await existingTracks(ctx, ids, WEEKLY_MIX_SIZE) };
			}
			// backbeat: actions end
		},
		async stopped() {
			if (database === undefined) await db.close();
		}
	});
}

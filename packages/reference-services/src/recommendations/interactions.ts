import type { TransactionScope } from "@backbeat/sdk";
import type { RecommendationsTables } from "./database.js";

type Tx = TransactionScope<RecommendationsTables>;

/** Every score halves in this time: a listen two weeks ago weighs half of one today. */
export const HALF_LIFE_MS = 14 * 86_400_000;
/** Tracks one user takes in within this time of each other co-occur. */
export const CO_OCCURRENCE_WINDOW_MS = 3 * 86_400_000;
/** How much each kind of interaction says about a user's taste. */
export const INTERACTION_WEIGHTS = { listen: 1, add: 2, like: 3 } as const;
export type Interaction = keyof typeof INTERACTION_WEIGHTS;

// Forward decay (Cormode et al., ICDE 2009): weights grow with the event time instead of
// every stored score shrinking with the clock, so ranking by the stored sums is ranking by
// decayed scores and no row is ever rewritten for decay. From this landmark a double holds
// the growth for ~1000 half-lives (about 39 years); a later migration can rescale.
const LANDMARK_MS = Date.UTC(2026, 0, 1);
// A track pairs with at most this many of the user's tracks around it (the most recent): a
// playlist of thousands costs no more than this per added track.
const MAX_NEIGHBORS = 20;

/** What an interaction at `atMs` adds to a score. */
export function forwardWeight(atMs: number): number {
	return 2 ** ((atMs - LANDMARK_MS) / HALF_LIFE_MS);
}

/**
 * Records that `userId` listened to, added or liked `trackId` at `atMs`: the
 * user's affinity for it, its popularity, and, when the track is new to the
 * user within the window, its co-occurrence with the user's tracks around that time.
 */
export async function recordInteraction(tx: Tx, userId: string, trackId: string, kind: Interaction, atMs: number): Promise<void> {
	const weight = INTERACTION_WEIGHTS[kind] * forwardWeight(atMs);
	const at = new Date(atMs).toISOString();
	const previous = await tx.db
		.selectFrom("user_tracks")
		.select("last_at")
		.where("user_id", "=", userId)
		.where("track_id", "=", trackId)
		.executeTakeFirst();
	// A track played again and again pairs once per window, so one heavy listener doesn't outweigh many.
	const fresh = previous === undefined || Date.parse(previous.last_at) < atMs - CO_OCCURRENCE_WINDOW_MS;
	const neighbors = fresh
		? await tx.db
				.selectFrom("user_tracks")
				.select("track_id")
				.where("user_id", "=", userId)
				.where("track_id", "!=", trackId)
				.where("last_at", ">=", new Date(atMs - CO_OCCURRENCE_WINDOW_MS).toISOString())
				.where("last_at", "<=", new Date(atMs + CO_OCCURRENCE_WINDOW_MS).toISOString())
				.orderBy("last_at", "desc")
				.limit(MAX_NEIGHBORS)
				.execute()
		: [];

	await tx.db
		.insertInto("user_tracks")
		.values({
			user_id: userId,
			track_id: trackId,
			plays: kind === "listen" ? 1 : 0,
			liked: kind === "like" ? 1 : 0,
			score: weight,
			last_at: at
		})
		.onConflict(conflict =>
			conflict.columns(["user_id", "track_id"]).doUpdateSet(eb => ({
				plays: eb("user_tracks.plays", "+", eb.ref("excluded.plays")),
				liked: kind === "like" ? 1 : eb.ref("user_tracks.liked"),
				score: eb("user_tracks.score", "+", eb.ref("excluded.score")),
				last_at: eb
					.case()
					.when("user_tracks.last_at", "<", eb.ref("excluded.last_at"))
					.then(eb.ref("excluded.last_at"))
					.else(eb.ref("user_tracks.last_at"))
					.end()
			}))
		)
		.execute();
	await tx.db
		.insertInto("track_popularity")
		.values({ track_id: trackId, score: weight, listens: kind === "listen" ? 1 : 0 })
		.onConflict(conflict =>
			conflict.column("track_id").doUpdateSet(eb => ({
				score: eb("track_popularity.score", "+", eb.ref("excluded.score")),
				listens: eb("track_popularity.listens", "+", eb.ref("excluded.listens"))
			}))
		)
		.execute();
	if (neighbors.length === 0) return;
	// Both directions, in key order so concurrent transactions on PostgreSQL lock rows in one order.
	const pairs = neighbors
		.flatMap(({ track_id: other }) => [
			{ track_id: trackId, other_id: other, score: weight },
			{ track_id: other, other_id: trackId, score: weight }
		])
		.sort((a, b) => (a.track_id === b.track_id ? a.other_id.localeCompare(b.other_id) : a.track_id.localeCompare(b.track_id)));
	await tx.db
		.insertInto("co_occurrence")
		.values(pairs)
		.onConflict(conflict =>
			conflict
				.columns(["track_id", "other_id"])
				.doUpdateSet(eb => ({ score: eb("co_occurrence.score", "+", eb.ref("excluded.score")) }))
		)
		.execute();
}

/** The user no longer likes the track: it may be recommended again (what the like added to scores stays, decaying). */
export async function recordUnlike(tx: Tx, userId: string, trackId: string): Promise<void> {
	await tx.db.updateTable("user_tracks").set({ liked: 0 }).where("user_id", "=", userId).where("track_id", "=", trackId).execute();
}

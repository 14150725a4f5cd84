import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { RecommendationsTables } from "./database.js";

type Db = Kysely<RecommendationsTables>;
/** Popular catalog tracks, best first, for when the platform's own signals run out. */
export type PopularTracks = () => Promise<string[]>;

/** Plays from which a track counts as one the user knows well enough not to be recommended. */
export const HEAVY_PLAYS = 3;
// The user's strongest tracks that seed "for you", and the most neighbors read per seed.
const SEEDS = 50;
const NEIGHBORS_PER_SEED = 50;
// A track the user played once or twice may still come up, behind new ones.
const KNOWN_FACTOR = 0.5;

/**
 * For each candidate, Σ over seeds of seed weight × co-occurrence with the
 * seed, each seed's neighbors scaled to its strongest one (so a popular seed
 * doesn't drown the rest).
 */
async function neighborScores(db: Db, seeds: Map<string, number>): Promise<Map<string, number>> {
	const scores = new Map<string, number>();
	if (seeds.size === 0) return scores;
	const ranked = db
		.selectFrom("co_occurrence")
		.select(eb => [
			"track_id",
			"other_id",
			"score",
			eb.fn
				.agg<number>("row_number")
				.over(over => over.partitionBy("track_id").orderBy("score", "desc").orderBy("other_id"))
				.as("rank")
		])
		.where("track_id", "in", [...seeds.keys()]);
	const rows = await db
		.selectFrom(ranked.as("ranked"))
		.select(["track_id", "other_id", "score"])
		.where("rank", "<=", NEIGHBORS_PER_SEED)
		.orderBy("track_id")
		.orderBy("rank")
		.execute();
	const strongest = new Map<string, number>();
	for (const row of rows) {
		const top = strongest.get(row.track_id) ?? Number(row.score);
		strongest.set(row.track_id, top);
		const add = ((seeds.get(row.track_id) ?? 0) * Number(row.score)) / top;
		scores.set(row.other_id, (scores.get(row.other_id) ?? 0) + add);
	}
	return scores;
}

/** The platform's most popular tracks (decayed), then the catalog's, without `skip`, up to `count`. */
async function popularIds(db: Db, count: number, skip: Set<string>, popular: PopularTracks): Promise<string[]> {
	const ids: string[] = [];
	const take = (list: Iterable<string>) => {
		for (const id of list) {
			if (ids.length >= count) return;
			if (!skip.has(id) && !ids.includes(id)) ids.push(id);
		}
	};
	const rows = await db
		.selectFrom("track_popularity")
		.select("track_id")
		.orderBy("score", "desc")
		.orderBy("track_id")
		.limit(count + skip.size)
		.execute();
	take(rows.map(row => row.track_id));
	if (ids.length < count) take(await popular());
	return ids;
}

export interface UserRanking {
	/** Recommended track ids, best first: co-occurrence, then popularity. */
	readonly ids: string[];
	/** Tracks left out because the user liked them or played them often, strongest first. */
	readonly excluded: string[];
}

/** Up to `count` tracks for `userId`: what goes with their tracks, without what they like or know well; popular ones fill up. */
export async function rankForUser(db: Db, userId: string, count: number, popular: PopularTracks): Promise<UserRanking> {
	const [seedRows, excludedRows] = await Promise.all([
		db
			.selectFrom("user_tracks")
			.select(["track_id", "score"])
			.where("user_id", "=", userId)
			.orderBy("score", "desc")
			.limit(SEEDS)
			.execute(),
		db
			.selectFrom("user_tracks")
			.select(["track_id", "plays"])
			.where("user_id", "=", userId)
			.where(eb => eb.or([eb("liked", "=", 1), eb("plays", ">=", HEAVY_PLAYS)]))
			.orderBy("score", "desc")
			.execute()
	]);
	const excluded = excludedRows.map(row => row.track_id);
	const skip = new Set(excluded);
	const strongest = Number(seedRows[0]?.score ?? 1);
	const seeds = new Map(seedRows.map(row => [row.track_id, Number(row.score) / strongest]));
	const scores = await neighborScores(db, seeds);
	const ids = [...scores]
		.filter(([id]) => !skip.has(id))
		.map(([id, score]) => [id, seeds.has(id) ? score * KNOWN_FACTOR : score] as const)
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.slice(0, count)
		.map(([id]) => id);
	if (ids.length < count) ids.push(...(await popularIds(db, count - ids.length, new Set([...skip, ...ids]), popular)));
	return { ids, excluded };
}

/** Up to `count` tracks taken in together with `trackId`, strongest first, then popular ones. */
export async function rankSimilar(db: Db, trackId: string, count: number, popular: PopularTracks): Promise<string[]> {
	const rows = await db
		.selectFrom("co_occurrence")
		.select("other_id")
		.where("track_id", "=", trackId)
		.orderBy("score", "desc")
		.orderBy("other_id")
		.limit(count)
		.execute();
	const ids = rows.map(row => row.other_id);
	if (ids.length < count) ids.push(...(await popularIds(db, count - ids.length, new Set([trackId, ...ids]), popular)));
	return ids;
}

/** The Monday (UTC) of the ISO week holding `ms`, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
	const day = new Date(ms);
	const sinceMonday = (day.getUTCDay() + 6) % 7;
	return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
}

/** A uniform number in (0, 1) from `text` alone. */
function uniform(text: string): number {
	return (createHash("sha256").update(text).digest().readUIntBE(0, 6) + 1) / (2 ** 48 + 1);
}

/**
 * `size` of the `ranked` ids, drawn without replacement with weights falling
 * with rank (Efraimidis–Spirakis keys), every draw seeded by user, week and
 * track: the same week gives the same mix, another week or user another one.
 */
export function chooseMix(userId: string, week: string, ranked: readonly string[], size: number): string[] {
	return ranked
		.map((id, rank) => ({ id, key: Math.log(uniform(`${userId}|${week}|${id}`)) * (1 + rank / 10) }))
		.sort((a, b) => b.key - a.key)
		.slice(0, size)
		.map(pick => pick.id);
}

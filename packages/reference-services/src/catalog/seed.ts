import { sql } from "kysely";
import type { z } from "zod";
import type { CatalogDatabase } from "./database.js";
import type { Album, Artist, Track } from "./entities.js";

/** How big a generated catalog is, and which one (the same seed gives the same catalog). */
export interface CatalogSeedOptions {
	readonly seed?: number;
	readonly artists?: number;
	readonly albums?: number;
	readonly tracks?: number;
}

// Any constant: it only has to differ from the SDK's advisory lock keys.
const SEED_LOCK = 0x5eed;

export const CATALOG_SEED_DEFAULTS = { seed: 1, artists: 500, albums: 1_500, tracks: 5_000 } as const;

export interface GeneratedCatalog {
	readonly artists: z.output<typeof Artist>[];
	readonly albums: z.output<typeof Album>[];
	readonly tracks: z.output<typeof Track>[];
}

// mulberry32: a small, fast, seedable generator; good enough for test data, not for secrets.
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let x = state;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const SYLLABLES = "ka lo mi ra ve no sa ti lu be do fi ga ha je ko ma ne po ri su ta vo wi ya ze an el or us".split(" ");
const WORDS = (
	"Love Night Blue Fire Dream Heart River Light Shadow Summer Rain Gold Echo Wild Silver Moon Sun Road Home Stars " +
	"Ocean Glass Velvet Thunder Paper Neon Winter Honey Ghost Garden City Electric Midnight Morning Stone Cloud Diamond " +
	"Lonely Golden Broken Secret Dancing Falling Burning Crystal Distant Lost Sweet Quiet Northern Endless Little Hollow"
).split(" ");
const GENRES = "pop rock jazz hip-hop electronic folk soul classical metal reggae blues country".split(" ");

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Popularity 0–100 from a rank: play counts follow Zipf's law (plays ∝ 1/rank),
 * and popularity is their logarithm scaled so the first rank is 100 and the last 0.
 */
function zipfPopularity(rank: number, total: number): number {
	return total <= 1 ? 100 : Math.round(100 * (1 - Math.log(rank) / Math.log(total)));
}

/** A catalog generated from `seed` alone: names, albums per artist, tracks per album and popularity. */
export function generateCatalog(options: CatalogSeedOptions = {}): GeneratedCatalog {
	const { seed, artists: artistCount, albums: albumCount, tracks: trackCount } = { ...CATALOG_SEED_DEFAULTS, ...options };
	const next = random(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
	const ids = new Set<string>();
	const id = (prefix: string) => {
		for (;;) {
			const candidate = `${prefix}${Math.floor(next() * 0xffffffff)
				.toString(16)
				.padStart(8, "0")}`;
			if (!ids.has(candidate)) {
				ids.add(candidate);
				return candidate;
			}
		}
	};
	const title = (min: number, max: number) =>
		Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(WORDS)).join(" ");
	// Ranks are shuffled so popularity doesn't follow creation order.
	const ranks = (count: number) => {
		const order = Array.from({ length: count }, (_, i) => i + 1);
		for (let i = count - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1));
			[order[i], order[j]] = [order[j] as number, order[i] as number];
		}
		return order;
	};

	const artistRanks = ranks(artistCount);
	const artists = artistRanks.map(rank => {
		const name = capitalize(Array.from({ length: 2 + Math.floor(next() * 2) }, () => pick(SYLLABLES)).join(""));
		return {
			id: id("ar"),
			name: next() < 0.3 ? `${name} & The ${pick(WORDS)}s` : name,
			genre: pick(GENRES),
			popularity: zipfPopularity(rank, artistCount)
		};
	});
	const albumRanks = ranks(albumCount);
	const albums = albumRanks.map((rank, n) => {
		// Every artist gets an album first; the rest go to artists at random.
		const artist = n < artists.length ? (artists[n] as (typeof artists)[number]) : pick(artists);
		return {
			id: id("al"),
			title: title(1, 3),
			artistId: artist.id,
			artistName: artist.name,
			releaseYear: 1960 + Math.floor(next() * 66),
			popularity: zipfPopularity(rank, albumCount)
		};
	});
	const trackRanks = ranks(trackCount);
	const perAlbum = new Map<string, number>();
	const tracks = trackRanks.map((rank, n) => {
		const album = n < albums.length ? (albums[n] as (typeof albums)[number]) : pick(albums);
		const trackNumber = (perAlbum.get(album.id) ?? 0) + 1;
		perAlbum.set(album.id, trackNumber);
		return {
			id: id("tr"),
			title: title(1, 4),
			artistId: album.artistId,
			artistName: album.artistName,
			albumId: album.id,
			albumTitle: album.title,
			trackNumber,
			durationMs: 90_000 + Math.floor(next() * 330_000),
			explicit: next() < 0.12,
			popularity: zipfPopularity(rank, trackCount)
		};
	});
	return { artists, albums, tracks };
}

/**
 * Loads a generated catalog into an empty catalog database, in one
 * transaction, and answers what it wrote; a catalog that has artists is left
 * as it is (answering zeros). Bulk rows bypass the CRUD services, so the seed
 * publishes no entity events.
 */
export async function seedCatalog(
	database: CatalogDatabase,
	options: CatalogSeedOptions = {},
	progress: (line: string) => void = () => {}
): Promise<{ artists: number; albums: number; tracks: number }> {
	await database.migrate();
	if (await database.db.selectFrom("artists").select("id").limit(1).executeTakeFirst()) return { artists: 0, albums: 0, tracks: 0 };
	const catalog = generateCatalog(options);
	const sqlite = database.dialect === "sqlite";
	return database.transaction(async tx => {
		// Two instances starting on one empty catalog: the lock lets one seed; the other then finds artists.
		if (!sqlite) await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(tx.db);
		if (await tx.db.selectFrom("artists").select("id").limit(1).executeTakeFirst()) return { artists: 0, albums: 0, tracks: 0 };
		const insert = async <K extends "artists" | "albums" | "tracks">(table: K, rows: readonly object[]) => {
			for (let start = 0; start < rows.length; start += 200) {
				await tx.db
					.insertInto(table)
					.values(rows.slice(start, start + 200) as never)
					.execute();
			}
			progress(`${rows.length} ${table}`);
		};
		await insert("artists", catalog.artists);
		await insert("albums", catalog.albums);
		await insert(
			"tracks",
			catalog.tracks.map(track => ({ ...track, explicit: sqlite ? Number(track.explicit) : track.explicit }))
		);
		return { artists: catalog.artists.length, albums: catalog.albums.length, tracks: catalog.tracks.length };
	});
}

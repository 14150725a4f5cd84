// A typed CRUD service for the tests of defineCrudService: a string id the
// service generates, each column type, defaults, a nullable and an optional
// field, sort and search fields, HTTP bindings and one extra action.
import { z } from "zod";
import { defineCrudService } from "../../src/crud/index.js";
import { openDatabase, type Database, type ParamsIn } from "../../src/index.js";

export const Song = z.object({
	id: z.string(),
	title: z.string().min(1),
	artist: z.string(),
	plays: z.int().min(0).default(0),
	rating: z.number().min(0).max(5).nullable().default(null),
	explicit: z.boolean().default(false),
	tags: z.array(z.string()).default([]),
	lyrics: z.string().optional()
});

export const Songs = defineCrudService({
	name: "songs",
	version: 1,
	table: "songs",
	entity: Song,
	sortable: ["title", "plays"],
	searchable: ["title", "artist"],
	pageSize: 2,
	maxPageSize: 10,
	http: { path: "/songs", read: "public" },
	actions: {
		mostPlayed: { params: z.object({}), returns: z.array(Song), idempotent: true, http: "GET /songs-most-played", auth: "public" }
	}
});

export function openSongsDatabase(url: string): Database<never> {
	return openDatabase<never>({ url, migrations: [Songs.migration], poolSize: 4 });
}

/** The songs service over `db`; `mostPlayed` reads the table with Kysely. */
export function songsService(db: Database<never>, options: { failAfterCreate?: boolean; relay?: false } = {}) {
	return Songs.service(db, {
		...(options.relay === false ? { relay: false as const } : {}),
		actions: {
			async mostPlayed() {
				const rows = await (db as unknown as Database<{ songs: { id: string; title: string; plays: number } }>).db
					.selectFrom("songs")
					.select("id")
					.orderBy("plays", "desc")
					.limit(1)
					.execute();
				return rows.length === 0 ? [] : [await this.broker.call("v1.songs.get", { id: rows[0]?.id })];
			}
		},
		hooks: options.failAfterCreate
			? {
					created(entity) {
						if (entity.title === "refused") throw new Error("the catalog refuses this title");
					}
				}
			: {}
	});
}

export const SEED_SONGS: ReadonlyArray<ParamsIn<typeof Songs.contract, "create">> = [
	{ title: "Blue in Green", artist: "Miles Davis", plays: 300, rating: 4.5, tags: ["modal"] },
	{ title: "So What", artist: "Miles Davis", plays: 500, tags: ["modal", "cool"] },
	{ title: "Giant Steps", artist: "John Coltrane", plays: 400, lyrics: "none" },
	{ title: "Smells Like Teen Spirit", artist: "Nirvana", plays: 1000, explicit: true },
	{ title: "100% Pure", artist: "Under_score", plays: 10 }
];

// Three known tracks with fixed ids (trk-1 … trk-3), for tests that call the catalog by id.
import { openCatalogDatabase, type CatalogDatabase } from "../../src/index.js";

const artists = [
	{ id: "art-miles", name: "Miles Davis", genre: "jazz", popularity: 90 },
	{ id: "art-coltrane", name: "John Coltrane", genre: "jazz", popularity: 85 }
];
const albums = [
	{ id: "alb-kob", title: "Kind of Blue", artistId: "art-miles", artistName: "Miles Davis", releaseYear: 1959, popularity: 95 },
	{ id: "alb-gs", title: "Giant Steps", artistId: "art-coltrane", artistName: "John Coltrane", releaseYear: 1960, popularity: 80 }
];
const track = (id: string, title: string, album: (typeof albums)[number], trackNumber: number, durationMs: number, popularity: number) => ({
	id,
	title,
	artistId: album.artistId,
	artistName: album.artistName,
	albumId: album.id,
	albumTitle: album.title,
	trackNumber,
	durationMs,
	explicit: false,
	popularity
});
export const DEMO_TRACKS = [
	track("trk-1", "Blue in Green", albums[0]!, 3, 337_000, 70),
	track("trk-2", "Giant Steps", albums[1]!, 1, 286_000, 75),
	track("trk-3", "So What", albums[0]!, 1, 562_000, 80)
];

/** The catalog database at `url` (default: under BACKBEAT_DATA_DIR) holding the demo rows. */
export async function openDemoCatalog(url?: string): Promise<CatalogDatabase> {
	const db = openCatalogDatabase(url);
	await db.migrate();
	if (await db.db.selectFrom("tracks").select("id").limit(1).executeTakeFirst()) return db;
	const sqlite = db.dialect === "sqlite";
	await db.transaction(async tx => {
		await tx.db.insertInto("artists").values(artists).execute();
		await tx.db.insertInto("albums").values(albums).execute();
		await tx.db
			.insertInto("tracks")
			.values(DEMO_TRACKS.map(row => ({ ...row, explicit: sqlite ? Number(row.explicit) : row.explicit })))
			.execute();
	});
	return db;
}

// The catalog on SQLite and PostgreSQL: every public action, search ranking in
// the database's own full-text engine, the generated seed, and the CRUD services.
import { client } from "@backbeat/sdk";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { openCatalogDatabase } from "../src/catalog/database.js";
import { TracksCrud } from "../src/catalog/entities.js";
import { generateCatalog, seedCatalog } from "../src/catalog/seed.js";
import { createCatalogServices } from "../src/catalog/service.js";
import { DEMO_TRACKS, openDemoCatalog } from "./support/demo-catalog.js";

async function start(t: Test, dialect: "sqlite" | "postgres", demo = true) {
	const url = testDatabaseUrl(t, dialect, "catalog");
	const database = demo ? await openDemoCatalog(url) : openCatalogDatabase(url);
	t.teardown(() => database.close());
	const broker = await startTestBroker(t, { services: createCatalogServices(database) });
	return { database, broker, catalog: client(broker, CatalogContract), tracks: client(broker, TracksCrud.contract) };
}

const titles = (items: readonly { title: string }[] | undefined) => (items ?? []).map(item => item.title);

t.test("the seed: the same seed gives the same catalog, of the promised size and shape", async t => {
	const first = generateCatalog();
	t.same(generateCatalog(), first, "deterministic");
	t.notSame(generateCatalog({ seed: 2 }).tracks[0], first.tracks[0], "another seed, another catalog");
	t.same([first.artists.length, first.albums.length, first.tracks.length], [500, 1500, 5000]);
	t.equal(new Set([...first.artists, ...first.albums, ...first.tracks].map(row => row.id)).size, 7000, "unique ids");
	const popularity = first.tracks.map(track => track.popularity).sort((a, b) => b - a);
	t.equal(popularity[0], 100);
	t.ok((popularity[4999] ?? 100) <= 1, "the least popular is near 0");
	// Zipf: a few tracks are very popular, most are not.
	t.ok(popularity.filter(p => p >= 50).length < popularity.filter(p => p < 50).length / 5, "a long tail");
	const albumsOf = new Set(first.albums.map(album => album.artistId));
	t.equal(albumsOf.size, 500, "every artist has an album");
	t.equal(new Set(first.tracks.map(track => track.albumId)).size, 1500, "every album has a track");
});

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`catalog on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("lookups: tracks by id and ids, artists, their albums and top tracks, albums with tracks", async t => {
			const { catalog } = await start(t, dialect);
			t.same(await catalog.getTrack({ id: "trk-2" }), DEMO_TRACKS[1]);
			t.same((await catalog.getTracks({ ids: ["trk-3", "trk-1"] })).tracks, [DEMO_TRACKS[2], DEMO_TRACKS[0]], "in the order asked");
			await t.rejects(catalog.getTracks({ ids: ["trk-1", "nope"] }), { code: "NOT_FOUND", data: { ids: ["nope"] } });
			await t.rejects(catalog.getTrack({ id: "nope" }), { code: "NOT_FOUND", data: { id: "nope" } });
			await t.rejects(catalog.getTracks({ ids: Array.from({ length: 51 }, (_, i) => `t${i}`) }), { code: "VALIDATION_FAILED" });
			t.match(await catalog.getArtist({ id: "art-miles" }), { name: "Miles Davis" });
			t.same(await catalog.artistAlbums({ id: "art-miles" }), {
				items: [
					{
						id: "alb-kob",
						title: "Kind of Blue",
						artistId: "art-miles",
						artistName: "Miles Davis",
						releaseYear: 1959,
						popularity: 95
					}
				],
				total: 1,
				limit: 20,
				offset: 0
			});
			t.same(titles((await catalog.artistTopTracks({ id: "art-miles" })).tracks), ["So What", "Blue in Green"], "most popular first");
			t.same(titles((await catalog.getAlbum({ id: "alb-kob" })).tracks), ["So What", "Blue in Green"], "in track order");
			await t.rejects(catalog.getAlbum({ id: "nope" }), { code: "NOT_FOUND" });
			await t.rejects(catalog.artistAlbums({ id: "nope" }), { code: "NOT_FOUND" });
		});

		t.test("search: word prefixes as a user types, relevance then popularity, per type and page", async t => {
			const { catalog, tracks } = await start(t, dialect);
			const add = (id: string, title: string, albumTitle: string, popularity: number) =>
				tracks.create({
					id,
					title,
					albumTitle,
					popularity,
					artistId: "art-x",
					artistName: "Xenia",
					albumId: `alb-${id}`,
					trackNumber: 1,
					durationMs: 200_000,
					explicit: false
				});
			await add("t-love-quiet", "Ocean Love", "Tides", 10);
			await add("t-love-loud", "Ocean Love", "Waves", 90);
			await add("t-love-twice", "Love", "Love", 5);
			await add("t-glove", "Glove Box", "Hands", 100);
			const love = await catalog.search({ q: "lo", type: ["track"] });
			t.same(
				love.tracks?.items.map(track => track.id),
				["t-love-twice", "t-love-loud", "t-love-quiet"],
				"'lo' finds Love (twice in one track: most relevant), then equal matches by popularity; not 'Glove'"
			);
			t.equal(love.tracks?.total, 3);
			t.same(Object.keys(love).sort(), ["tracks"], "only the types asked for");
			t.same(
				titles((await catalog.search({ q: "ocean lo", type: ["track"] })).tracks?.items),
				["Ocean Love", "Ocean Love"],
				"every word must match"
			);
			const page = await catalog.search({ q: "love", type: ["track"], limit: 1, offset: 1 });
			t.same({ ids: page.tracks?.items.map(track => track.id), total: page.tracks?.total }, { ids: ["t-love-loud"], total: 3 });
			const all = await catalog.search({ q: "mil" });
			t.same(titles(all.tracks?.items), ["So What", "Blue in Green"], "tracks by their artist's name");
			t.same(
				all.artists?.items.map(artist => artist.name),
				["Miles Davis"]
			);
			t.same(
				all.albums?.items.map(album => album.title),
				["Kind of Blue"]
			);
			t.equal((await catalog.search({ q: '"love" * (' })).tracks?.total, 3, "quotes, stars and brackets are not search syntax");
			t.equal((await catalog.search({ q: "love OR glove" })).tracks?.total, 0, "OR is a word to match, not an operator");
			await t.rejects(catalog.search({ q: "  " }), { code: "VALIDATION_FAILED" });
			await t.rejects(catalog.search({ q: "%%%" }), { code: "VALIDATION_FAILED", data: { issues: [{ path: "q" }] } });
			await tracks.update({ id: "t-glove", title: "Lonely Glove" });
			t.equal((await catalog.search({ q: "lo", type: ["track"] })).tracks?.total, 4, "the index follows an update");
			await tracks.remove({ id: "t-love-twice" });
			t.equal((await catalog.search({ q: "lo", type: ["track"] })).tracks?.total, 3, "and a removal");
		});

		t.test("the generated catalog loads into an empty database once, and search ranks it", async t => {
			const { database, catalog } = await start(t, dialect, false);
			t.same(await seedCatalog(database, { artists: 50, albums: 120, tracks: 400 }), { artists: 50, albums: 120, tracks: 400 });
			t.same(await seedCatalog(database), { artists: 0, albums: 0, tracks: 0 }, "a catalog with artists is left alone");
			const generated = generateCatalog({ artists: 50, albums: 120, tracks: 400 });
			const sample = generated.tracks[17];
			t.same(await catalog.getTrack({ id: sample?.id ?? "" }), sample, "the stored rows are the generated ones");
			const word = sample?.title.split(" ")[0] ?? "";
			const found = await catalog.search({ q: word.slice(0, 3), type: ["track"], limit: 50 });
			t.ok(
				found.tracks?.items.some(track => track.id === sample?.id),
				`'${word.slice(0, 3)}' finds '${sample?.title}'`
			);
		});

		t.test("the CRUD services' writes publish entity events through the catalog's outbox", async t => {
			const { database, tracks } = await start(t, dialect);
			await tracks.update({ id: "trk-1", popularity: 99 });
			await eventually(async () => {
				const sent = await database.db
					.selectFrom("backbeat_outbox" as never)
					.select(["channel" as never, "sent_at" as never])
					.execute();
				return sent.length === 1 && (sent[0] as { sent_at: unknown }).sent_at !== null;
			});
			t.pass("one updated event, published by the catalog's relay");
		});
	});
}

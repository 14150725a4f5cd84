// The library through the gateway, on SQLite and PostgreSQL: liked tracks,
// saved albums and followed artists per user, ids checked through the
// catalog, and the liked/unliked events.
import { consume, defineContract, defineService } from "@backbeat/sdk";
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createCatalogService } from "../src/catalog/service.js";
import { LibraryContract } from "../src/library/contract.js";
import { openLibraryDatabase } from "../src/library/database.js";
import { createLibraryService } from "../src/library/service.js";
import { openDemoCatalog } from "./support/demo-catalog.js";
import { failure } from "./support/failure.js";

const SECRET = "library-test-secret-0123456789-abcdefghijklmnop";

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const catalogDb = await openDemoCatalog(testDatabaseUrl(t, "sqlite", "catalog"));
	const database = openLibraryDatabase(testDatabaseUrl(t, dialect, "library"));
	t.teardown(() => Promise.all([catalogDb.close(), database.close()]));
	let clock = Date.parse("2026-12-01T10:00:00Z");
	const events: string[] = [];
	const Listener = defineContract({ name: "likes-listener", version: 1, actions: {} });
	const listener = defineService(Listener, {
		actions: {},
		consumers: [
			consume(LibraryContract, database, {
				trackLiked: async event => void events.push(`liked ${event.payload.userId} ${event.payload.trackId}`),
				trackUnliked: async event => void events.push(`unliked ${event.payload.userId} ${event.payload.trackId}`)
			})
		]
	});
	const broker = await startTestBroker(t, {
		services: [
			createCatalogService(catalogDb),
			createLibraryService(database, { now: () => (clock += 1000) }),
			listener,
			createGateway({ contracts: [CatalogContract, LibraryContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	const as = async (id: string) =>
		httpClient(LibraryContract, { baseUrl, token: await issueToken({ id, roles: [] }, { secret: SECRET }) });
	return { database, events, baseUrl, ada: await as("ada"), bob: await as("bob") };
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`library on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("liked tracks: save, list most recent first, contains in order, remove; one user's library only", async t => {
			const { ada, bob, events } = await start(t, dialect);
			t.equal(await ada.saveTracks({ ids: ["trk-1"] }), undefined, "204");
			await ada.saveTracks({ ids: ["trk-3", "trk-1"] });
			const liked = await ada.listTracks({});
			t.same(
				liked.items.map(item => item.track.title),
				["So What", "Blue in Green"],
				"most recent first; liking again keeps the first time"
			);
			t.same({ total: liked.total, limit: liked.limit, offset: liked.offset }, { total: 2, limit: 20, offset: 0 });
			t.match(liked.items[0], { addedAt: "2026-12-01T10:00:02.000Z", track: { id: "trk-3", albumTitle: "Kind of Blue" } });
			t.same(
				(await ada.listTracks({ limit: 1, offset: 1 })).items.map(item => item.track.id),
				["trk-1"]
			);
			t.same(await ada.containsTracks({ ids: ["trk-2", "trk-1", "trk-3"] }), [false, true, true], "in the order asked");
			t.same(await bob.containsTracks({ ids: ["trk-1"] }), [false], "Bob's library is his own");
			await ada.removeTracks({ ids: ["trk-1", "trk-2"] });
			t.same(await ada.containsTracks({ ids: ["trk-1", "trk-3"] }), [false, true]);
			await eventually(() => events.length >= 3);
			t.same(events, ["liked ada trk-1", "liked ada trk-3", "unliked ada trk-1"], "an event per change, none for a repeat");
		});

		t.test("unknown catalog ids are 404 naming them, and nothing is saved; no token is 401; bad input 422", async t => {
			const { ada, baseUrl } = await start(t, dialect);
			t.match(await failure(ada.saveTracks({ ids: ["trk-1", "nope"] })), { status: 404, code: "NOT_FOUND", data: { ids: ["nope"] } });
			t.same(await ada.containsTracks({ ids: ["trk-1"] }), [false], "the known id was not saved either");
			t.match(
				await failure(ada.followArtists({ ids: ["trk-1"] })),
				{ status: 404, data: { ids: ["trk-1"] } },
				"a track is no artist"
			);
			t.match(await failure(httpClient(LibraryContract, { baseUrl }).listTracks({})), { status: 401 });
			t.match(await failure(ada.saveTracks({ ids: [] })), { status: 422, data: { issues: [{ path: "ids" }] } });
			t.match(await failure(ada.saveTracks({ ids: Array.from({ length: 51 }, () => "trk-1") })), { status: 422 });
		});

		t.test("saved albums and followed artists work the same way", async t => {
			const { ada } = await start(t, dialect);
			await ada.saveAlbums({ ids: ["alb-gs", "alb-kob"] });
			t.same(
				(await ada.listAlbums({})).items.map(item => item.album.title),
				["Kind of Blue", "Giant Steps"]
			);
			t.same(await ada.containsAlbums({ ids: ["alb-kob", "alb-x"] }), [true, false]);
			await ada.removeAlbums({ ids: ["alb-gs"] });
			t.equal((await ada.listAlbums({})).total, 1);
			await ada.followArtists({ ids: ["art-coltrane"] });
			t.same(
				(await ada.listFollowing({})).items.map(item => item.artist.name),
				["John Coltrane"]
			);
			t.same(await ada.containsFollowing({ ids: ["art-miles", "art-coltrane"] }), [false, true]);
			await ada.unfollowArtists({ ids: ["art-coltrane"] });
			t.same(await ada.containsFollowing({ ids: ["art-coltrane"] }), [false]);
		});
	});
}

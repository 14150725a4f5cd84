// Recommendations through the gateway, on SQLite and PostgreSQL: plays, likes
// and playlist additions arrive as events through a real outbox, relay and
// consumer; "for you", similar tracks and the weekly mix rank from them.
import { randomUUID } from "node:crypto";
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { openCatalogDatabase } from "../src/catalog/database.js";
import { generateCatalog, seedCatalog } from "../src/catalog/seed.js";
import { createCatalogServices } from "../src/catalog/service.js";
import { LibraryContract } from "../src/library/contract.js";
import { PlaylistsContract } from "../src/playlists/contract.js";
import { RecommendationsContract } from "../src/recommendations/contract.js";
import { openRecommendationsDatabase } from "../src/recommendations/database.js";
import { createRecommendationsService } from "../src/recommendations/service.js";
import { StreamingContract } from "../src/streaming/contract.js";
import { eventFeeder } from "./support/feeder.js";
import { failure } from "./support/failure.js";

const SECRET = "recommendations-test-secret-0123456789-abcdefgh";
const CATALOG = { seed: 7, artists: 20, albums: 40, tracks: 120 };
// By popularity, best first, as the catalog sorts them (then by id).
const TRACKS = generateCatalog(CATALOG)
	.tracks.slice()
	.sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1))
	.map(track => track.id);
// Two tastes among the catalog's least popular tracks, so nothing but listening puts them first.
const A = TRACKS.slice(-6);
const B = TRACKS.slice(-12, -6);

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const catalogDb = openCatalogDatabase(testDatabaseUrl(t, "sqlite", "catalog"));
	await seedCatalog(catalogDb, CATALOG);
	const database = openRecommendationsDatabase(testDatabaseUrl(t, dialect, "recommendations"));
	t.teardown(() => Promise.all([catalogDb.close(), database.close()]));
	const clock = { now: Date.parse("2026-12-02T10:00:00Z") };
	const feeder = eventFeeder(t);
	const broker = await startTestBroker(t, {
		services: [
			...createCatalogServices(catalogDb),
			createRecommendationsService(database, { now: () => clock.now }),
			feeder.service,
			createGateway({ contracts: [CatalogContract, RecommendationsContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	const as = async (id: string) =>
		httpClient(RecommendationsContract, { baseUrl, token: await issueToken({ id, roles: [] }, { secret: SECRET }) });
	let minute = 0;
	/** A play of `trackId` by `userId`, reported as `event` at `positionMs`; each a minute after the last. */
	const play = (
		userId: string,
		trackId: string,
		options: { event?: "playCompleted" | "playProgressed" | "playSkipped"; positionMs?: number; playId?: string } = {}
	) =>
		feeder.publish(
			StreamingContract,
			options.event ?? "playCompleted",
			{
				playId: options.playId ?? randomUUID(),
				userId,
				trackId,
				bitrate: 160,
				positionMs: options.positionMs ?? 180_000,
				durationMs: 180_000,
				at: new Date(clock.now + ++minute * 60_000).toISOString()
			},
			userId
		);
	const like = (userId: string, trackId: string, liked = true) =>
		liked
			? feeder.publish(LibraryContract, "trackLiked", { userId, trackId, likedAt: new Date(clock.now).toISOString() }, userId)
			: feeder.publish(LibraryContract, "trackUnliked", { userId, trackId, unlikedAt: new Date(clock.now).toISOString() }, userId);
	/** Listeners of each taste: four play all of A, six all of B; Ada plays two of A. */
	const tastes = async () => {
		for (const user of ["a1", "a2", "a3", "a4"]) for (const id of A) await play(user, id);
		for (const user of ["b1", "b2", "b3", "b4", "b5", "b6"]) for (const id of B) await play(user, id);
		await play("ada", A[0] as string);
		await play("ada", A[1] as string);
	};
	const settled = () => feeder.settled(database);
	const ids = (page: { items: { id: string }[] }) => page.items.map(track => track.id);
	return {
		catalogDb,
		database,
		clock,
		feeder,
		play,
		like,
		tastes,
		settled,
		ids,
		baseUrl,
		ada: await as("ada"),
		bob: await as("b1"),
		newbie: await as("newbie")
	};
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`recommendations on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("for you: tracks others played with the user's come first, liked ones never; unliking brings one back", async t => {
			const { ada, tastes, like, settled, ids } = await start(t, dialect);
			await tastes();
			await settled();
			const mine = ids(await ada.forYou({}));
			t.equal(mine.length, 20, "the default limit, filled up with popular tracks");
			t.same(mine.slice(0, 4).sort(), A.slice(2).sort(), "the rest of taste A ranks first");
			t.ok(
				B.every(id => mine.indexOf(id) > 3),
				"the more popular taste B only after them"
			);
			await like("ada", A[2] as string);
			await settled();
			const afterLike = ids(await ada.forYou({ limit: 50 }));
			t.notOk(afterLike.includes(A[2] as string), "a liked track is not recommended");
			t.same(afterLike.slice(0, 3).sort(), [A[3], A[4], A[5]].sort());
			await like("ada", A[2] as string, false);
			await settled();
			t.ok(ids(await ada.forYou({ limit: 50 })).includes(A[2] as string), "unliked, it may come up again");
			t.equal((await ada.forYou({ limit: 3 })).items.length, 3);
		});

		t.test("a new user gets the platform's most played tracks, then the catalog's most popular", async t => {
			const { newbie, tastes, settled, ids } = await start(t, dialect);
			t.same(ids(await newbie.forYou({})), TRACKS.slice(0, 20), "before anyone played: the catalog's popularity");
			await tastes();
			await settled();
			const page = ids(await newbie.forYou({}));
			t.same(page.slice(0, 6).sort(), B.slice().sort(), "taste B was played most");
			t.same(page.slice(6, 8).sort(), A.slice(0, 2).sort(), "then the two tracks of A that Ada played too");
			t.same(page.slice(12), TRACKS.slice(0, 8), "then the catalog's most popular");
		});

		t.test("similar tracks: those played together with it; an unknown track is 404", async t => {
			const { ada, tastes, settled, ids, baseUrl, catalogDb } = await start(t, dialect);
			await tastes();
			await settled();
			const similar = ids(await ada.similar({ id: A[0] as string, limit: 10 }));
			t.same(similar.slice(0, 5).sort(), A.slice(1).sort(), "the rest of its taste");
			t.notOk(similar.includes(A[0] as string), "never the track itself");
			t.equal(similar.length, 10, "popular tracks fill up");
			const anonymous = httpClient(RecommendationsContract, { baseUrl });
			t.same(ids(await anonymous.similar({ id: B[0] as string, limit: 5 })).sort(), B.slice(1).sort(), "public");
			t.match(await failure(ada.similar({ id: "nope" })), { status: 404, code: "NOT_FOUND" });
			await catalogDb.db
				.deleteFrom("tracks")
				.where("id", "=", A[2] as string)
				.execute();
			const left = ids(await ada.similar({ id: A[0] as string, limit: 10 }));
			t.notOk(left.includes(A[2] as string), "a track the catalog deleted is left out, the rest answered");
			t.same(left.slice(0, 4).sort(), [A[1], A[3], A[4], A[5]].sort());
			t.match(await failure(ada.similar({ id: A[0] as string, limit: 51 })), { status: 422 });
		});

		t.test("weekly mix: 30 tracks, the same all week, another one next week and for another user", async t => {
			const { ada, bob, tastes, play, settled, ids, clock } = await start(t, dialect);
			await tastes();
			await settled();
			const mix = await ada.weeklyMix({});
			t.equal(mix.weekOf, "2026-11-30", "Wednesday 2 December 2026 is in the week of Monday 30 November");
			t.equal(mix.items.length, 30);
			t.equal(new Set(ids(mix)).size, 30, "no track twice");
			t.ok(
				A.slice(2).some(id => ids(mix).includes(id)),
				"it draws on the user's taste"
			);
			for (const id of B) await play("ada", id);
			await settled();
			clock.now = Date.parse("2026-12-06T23:59:59Z");
			t.same(await ada.weeklyMix({}), mix, "Sunday night, after more plays: the same mix");
			const bobs = await bob.weeklyMix({});
			t.not(ids(bobs).join(), ids(mix).join(), "another user, another mix");
			clock.now = Date.parse("2026-12-07T00:00:00Z");
			const next = await ada.weeklyMix({});
			t.equal(next.weekOf, "2026-12-07");
			t.not(ids(next).join(), ids(mix).join(), "next week, a new mix");
		});

		t.test("a play counts once however many of its events arrive, from 30 s on or when completed", async t => {
			const { database, play, settled } = await start(t, dialect);
			const playId = "play-1";
			const track = A[0] as string;
			await play("ada", track, { playId, event: "playProgressed", positionMs: 30_000 });
			await play("ada", track, { playId, event: "playCompleted" });
			await play("ada", track, { playId, event: "playCompleted" });
			await play("ada", track, { playId, event: "playSkipped", positionMs: 90_000 });
			await play("ada", track, { playId: "short-1", event: "playProgressed", positionMs: 29_999 });
			await play("ada", track, { playId: "short-2", event: "playSkipped", positionMs: 10_000 });
			await play("ada", track, { playId: "short-3", event: "playProgressed", positionMs: 5_000 });
			await play("bob", track, { playId: "short-3", event: "playCompleted" });
			await settled();
			const ledger = await database.db.selectFrom("counted_plays").selectAll().orderBy("play_id").execute();
			t.same(
				ledger.map(row => [row.play_id, row.user_id, row.track_id]),
				[
					["play-1", "ada", track],
					["short-3", "bob", track]
				],
				"one row per counted play; plays stopped before 30 s are not counted unless completed"
			);
			const listens = await database.db
				.selectFrom("track_popularity")
				.select("listens")
				.where("track_id", "=", track)
				.executeTakeFirst();
			t.equal(Number(listens?.listens), 2, "two listens, not five");
			const ada = await database.db.selectFrom("user_tracks").select("plays").where("user_id", "=", "ada").executeTakeFirst();
			t.equal(Number(ada?.plays), 1);
		});

		t.test("hundreds of plays, each reported twice, keyed apart so consumers run them concurrently: each counted once", async t => {
			const { database, feeder, settled } = await start(t, dialect);
			const plays = Array.from({ length: 150 }, (_, n) => ({
				playId: `p-${n}`,
				userId: `u-${n % 15}`,
				trackId: TRACKS[n % 40] as string
			}));
			for (const event of ["playProgressed", "playCompleted"] as const)
				for (const { playId, userId, trackId } of plays)
					await feeder.publish(
						StreamingContract,
						event,
						{ playId, userId, trackId, bitrate: 320, positionMs: 60_000, durationMs: 180_000, at: "2026-12-02T09:00:00.000Z" },
						playId
					);
			await settled();
			const sum = async (table: "track_popularity" | "user_tracks", column: "listens" | "plays") =>
				Number(
					(
						await database.db
							.selectFrom(table)
							.select(eb => eb.fn.sum<number>(column).as("n"))
							.executeTakeFirstOrThrow()
					).n
				);
			const ledger = await database.db.selectFrom("counted_plays").select("play_id").execute();
			t.equal(ledger.length, 150, "one ledger row per play");
			t.equal(await sum("track_popularity", "listens"), 150);
			t.equal(await sum("user_tracks", "plays"), 150);
		});

		t.test("tracks added to a playlist together are similar", async t => {
			const { feeder, ada, settled, ids } = await start(t, dialect);
			for (const user of ["p1", "p2"])
				await feeder.publish(
					PlaylistsContract,
					"tracksAdded",
					{ playlistId: `list-${user}`, userId: user, trackIds: [B[0] as string, A[5] as string], position: 0, snapshotId: "s" },
					`list-${user}`
				);
			await settled();
			t.equal(ids(await ada.similar({ id: B[0] as string, limit: 1 }))[0], A[5]);
			t.equal(ids(await ada.similar({ id: A[5] as string, limit: 1 }))[0], B[0]);
		});

		t.test("no token is 401; a bad limit is 422", async t => {
			const { ada, baseUrl } = await start(t, dialect);
			t.match(await failure(httpClient(RecommendationsContract, { baseUrl }).forYou({})), { status: 401 });
			t.match(await failure(httpClient(RecommendationsContract, { baseUrl }).weeklyMix({})), { status: 401 });
			t.match(await failure(ada.forYou({ limit: 0 })), { status: 422, data: { issues: [{ path: "limit" }] } });
		});
	});
}

// The streaming service through the gateway, on SQLite and PostgreSQL: plays
// whose bitrate and ads follow the plan (kept current from the payments
// service's events), signed stream URLs served with HTTP Range as real MP3,
// and play events through the outbox, each published once.
import { consume, defineContract, defineService, openDatabase } from "@backbeat/sdk";
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createCatalogService } from "../src/catalog/service.js";
import { PaymentsContract } from "../src/payments/contract.js";
import { openAudioStore } from "../src/streaming/audio/audio-store.js";
import { StreamingContract } from "../src/streaming/contract.js";
import { openStreamingDatabase } from "../src/streaming/database.js";
import { createStreamingService } from "../src/streaming/service.js";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { openDemoCatalog } from "./support/demo-catalog.js";
import { failure } from "./support/failure.js";
import { readMp3Frames } from "./support/mp3-frames.js";

const SECRET = "streaming-test-secret-0123456789-abcdefghijklmno";
const BILLING = defineContract({ name: "billing-double", version: 1, actions: {} });

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const dataDir = useTemporaryDataDir(t);
	const catalogDb = await openDemoCatalog(testDatabaseUrl(t, "sqlite", "catalog"));
	const database = openStreamingDatabase(testDatabaseUrl(t, dialect, "streaming"));
	// Stands in for the payments service: publishes its events through an outbox of its own.
	const billingDb = openDatabase<Record<string, never>>({ name: "billing", url: testDatabaseUrl(t, "sqlite", "billing") });
	const audio = await openAudioStore({ dir: `${dataDir}/audio` });
	t.teardown(async () => {
		await audio.close();
		await Promise.all([catalogDb.close(), database.close(), billingDb.close()]);
	});
	const clock = { now: Date.parse("2026-12-01T10:00:00Z") };
	const events: Array<{ type: string; payload: Record<string, unknown> }> = [];
	const listener = defineService(defineContract({ name: "plays-listener", version: 1, actions: {} }), {
		actions: {},
		consumers: [
			consume(StreamingContract, database, {
				playStarted: async event => void events.push({ type: "started", payload: event.payload }),
				playProgressed: async event => void events.push({ type: "progressed", payload: event.payload }),
				playCompleted: async event => void events.push({ type: "completed", payload: event.payload }),
				playSkipped: async event => void events.push({ type: "skipped", payload: event.payload })
			})
		]
	});
	const billing = defineService(BILLING, { outbox: { database: billingDb, relay: { pollIntervalMs: 50 } }, actions: {} });
	const broker = await startTestBroker(t, {
		services: [
			createCatalogService(catalogDb),
			createStreamingService(database, { now: () => clock.now, audio, streamSecret: SECRET }),
			listener,
			billing,
			createGateway({ contracts: [CatalogContract, StreamingContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const origin = `http://127.0.0.1:${gatewayPort(broker)}`;
	const as = async (id: string) =>
		httpClient(StreamingContract, { baseUrl: `${origin}/api`, token: await issueToken({ id, roles: [] }, { secret: SECRET }) });
	const publish = (type: "subscriptionActivated" | "subscriptionCanceled", userId: string, at: string) =>
		billingDb.transaction(async tx => {
			const subscription = { subscriptionId: "sub-1", userId, planId: "premium", at };
			if (type === "subscriptionActivated")
				await tx.publish(PaymentsContract, type, { ...subscription, periodEnd: at }, { key: userId });
			else await tx.publish(PaymentsContract, type, { ...subscription, reason: "requested" }, { key: userId });
		});
	return { origin, clock, events, publish, ada: await as("ada"), bob: await as("bob") };
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`streaming on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		const env = await start(t, dialect);
		const { origin, ada, bob, clock, events } = env;

		t.test("a free play: 160 kbit/s, a signed URL, an ad on every 4th play; unknown tracks are 404", async t => {
			const plays = [];
			for (let i = 0; i < 8; i++) plays.push(await bob.start({ trackId: "trk-1" }));
			t.same(
				plays.map(play => play.bitrate),
				Array(8).fill(160)
			);
			t.same(
				plays.map(play => play.ad),
				[false, false, false, true, false, false, false, true]
			);
			t.match(plays[0]?.streamUrl, /^\/api\/stream\/[0-9a-f-]{36}\?track=trk-1&kbps=160&expires=\d+&signature=/);
			t.ok(plays[0]!.durationMs >= 20_000 && plays[0]!.durationMs <= 40_000, "the audio is 20–40 s");
			t.match(await failure(bob.start({ trackId: "trk-404" })), { status: 404, code: "NOT_FOUND" });
		});

		t.test("the stream URL serves real MP3 with HTTP Range", async t => {
			const play = await ada.start({ trackId: "trk-2" });
			const url = `${origin}${play.streamUrl}`;
			const whole = await fetch(url);
			t.equal(whole.status, 200);
			t.equal(whole.headers.get("accept-ranges"), "bytes");
			t.equal(whole.headers.get("content-type"), "audio/mpeg");
			t.match(whole.headers.get("cache-control"), /^private, max-age=(\d+)$/);
			t.ok(Number(/max-age=(\d+)/.exec(whole.headers.get("cache-control") ?? "")?.[1]) <= 300, "cached no longer than the URL works");
			const bytes = new Uint8Array(await whole.arrayBuffer());
			const size = bytes.length;
			t.equal(Number(whole.headers.get("content-length")), size);
			const mp3 = readMp3Frames(bytes);
			t.ok(mp3.frames.length > 500, `${mp3.frames.length} frames`);
			t.ok(
				mp3.frames.every(frame => frame.bitrateKbps === 160),
				"every frame at 160 kbit/s"
			);
			t.ok(Math.abs(mp3.durationMs - play.durationMs) < 100, `decoded length ${mp3.durationMs} ≈ ${play.durationMs} ms`);

			const ranged = async (range: string) => {
				const res = await fetch(url, { headers: { range } });
				return {
					status: res.status,
					contentRange: res.headers.get("content-range"),
					body: new Uint8Array(await res.arrayBuffer())
				};
			};
			t.match(
				await ranged("bytes=0-0"),
				{ status: 206, contentRange: `bytes 0-0/${size}`, body: bytes.subarray(0, 1) },
				"first byte"
			);
			t.match(await ranged("bytes=-1"), { status: 206, contentRange: `bytes ${size - 1}-${size - 1}/${size}` }, "last byte");
			t.same((await ranged("bytes=-1")).body, bytes.subarray(size - 1));
			const suffix = await ranged("bytes=-500");
			t.equal(suffix.contentRange, `bytes ${size - 500}-${size - 1}/${size}`, "suffix");
			t.same(suffix.body, bytes.subarray(size - 500));
			const open = await ranged("bytes=100-");
			t.equal(open.contentRange, `bytes 100-${size - 1}/${size}`, "open-ended");
			t.same(open.body, bytes.subarray(100));
			const several = await ranged("bytes=10-19,50-59");
			t.equal(several.contentRange, `bytes 10-19/${size}`, "several ranges: the first is answered");
			t.same(several.body, bytes.subarray(10, 20));
			const clamped = await ranged(`bytes=${size - 10}-${size + 1000}`);
			t.equal(clamped.contentRange, `bytes ${size - 10}-${size - 1}/${size}`, "an end past the size is clamped");
			const beyond = await fetch(url, { headers: { range: `bytes=${size}-` } });
			t.equal(beyond.status, 416, "a start at the size is unsatisfiable");
			t.equal(beyond.headers.get("content-range"), `bytes */${size}`);
			t.match(await beyond.json(), { error: { code: "RANGE_NOT_SATISFIABLE", data: { size } } });
		});

		t.test("a bad or expired signature is 403", async t => {
			const play = await ada.start({ trackId: "trk-3" });
			const url = new URL(`${origin}${play.streamUrl}`);
			const tampered = new URL(url);
			tampered.searchParams.set("track", "trk-1");
			t.equal((await fetch(tampered)).status, 403, "another track");
			const upgraded = new URL(url);
			upgraded.searchParams.set("kbps", "320");
			t.equal((await fetch(upgraded)).status, 403, "another bitrate");
			const forged = new URL(url);
			forged.searchParams.set("signature", "AAAA");
			const refused = await fetch(forged);
			t.equal(refused.status, 403);
			t.match(await refused.json(), { error: { code: "FORBIDDEN", data: { reason: "BAD_SIGNATURE" } } });
			t.equal((await fetch(url)).status, 200, "the URL as given works");
			clock.now += 5 * 60_000 + 1000;
			const expired = await fetch(url);
			t.equal(expired.status, 403);
			t.match(await expired.json(), { error: { data: { reason: "EXPIRED" } } });
		});

		t.test("the plan follows the payments service's events", async t => {
			await env.publish("subscriptionActivated", "carol", "2026-12-01T10:00:00.000Z");
			const carol = httpClient(StreamingContract, {
				baseUrl: `${origin}/api`,
				token: await issueToken({ id: "carol", roles: [] }, { secret: SECRET })
			});
			await eventually(async () => (await carol.start({ trackId: "trk-1" })).bitrate === 320);
			const premium = [];
			for (let i = 0; i < 4; i++) premium.push(await carol.start({ trackId: "trk-1" }));
			t.same(
				premium.map(play => [play.bitrate, play.ad]),
				Array(4).fill([320, false]),
				"premium: 320 kbit/s, no ads"
			);
			const res = await fetch(`${origin}${premium[0]!.streamUrl}`, { headers: { range: "bytes=0-" } });
			t.ok(
				readMp3Frames(new Uint8Array(await res.arrayBuffer())).frames.every(frame => frame.bitrateKbps === 320),
				"the 320 kbit/s rendition"
			);
			// An older event (a replayed dead letter) does not undo the newer change.
			await env.publish("subscriptionCanceled", "carol", "2026-11-01T10:00:00.000Z");
			await env.publish("subscriptionCanceled", "carol", "2026-12-02T10:00:00.000Z");
			await eventually(async () => (await carol.start({ trackId: "trk-1" })).bitrate === 160);
			t.pass("canceled: back to 160 kbit/s");
		});

		t.test("progress, complete and skip: each published once, in order, with positions and bitrate", async t => {
			const play = await ada.start({ trackId: "trk-1", context: "album:alb-kob" });
			await ada.progress({ playId: play.playId, positionMs: 10_000 });
			await ada.complete({ playId: play.playId });
			await ada.complete({ playId: play.playId });
			t.match(await failure(ada.skip({ playId: play.playId, positionMs: 1 })), { status: 409, code: "CONFLICT" });
			t.match(await failure(ada.progress({ playId: play.playId, positionMs: 1 })), { status: 409 });
			t.match(await failure(bob.complete({ playId: play.playId })), { status: 404 }, "another user's play");
			const skipped = await ada.start({ trackId: "trk-2" });
			t.match(await failure(ada.skip({ playId: skipped.playId, positionMs: skipped.durationMs + 1 })), {
				status: 422,
				data: { field: "positionMs" }
			});
			await Promise.all([
				ada.skip({ playId: skipped.playId, positionMs: 5000 }),
				ada.skip({ playId: skipped.playId, positionMs: 5000 })
			]);
			const mine = (id: string) => events.filter(event => event.payload["playId"] === id);
			// Ada's events are delivered in order (one key per user): once a later play of hers arrives, a duplicate would have too.
			const barrier = await ada.start({ trackId: "trk-3" });
			await eventually(() => mine(barrier.playId).length === 1);
			t.same(
				mine(play.playId).map(event => [event.type, event.payload["positionMs"]]),
				[
					["started", 0],
					["progressed", 10_000],
					["completed", play.durationMs]
				]
			);
			t.match(mine(play.playId)[0]?.payload, { userId: "ada", trackId: "trk-1", bitrate: 160, context: "album:alb-kob" });
			t.same(
				mine(skipped.playId).map(event => event.type),
				["started", "skipped"],
				"two concurrent skips publish one event"
			);
		});

		t.test("recently played: newest first, with the catalog's tracks", async t => {
			const dan = httpClient(StreamingContract, {
				baseUrl: `${origin}/api`,
				token: await issueToken({ id: "dan", roles: [] }, { secret: SECRET })
			});
			t.same(await dan.recentlyPlayed({}), { items: [] });
			for (const trackId of ["trk-1", "trk-2", "trk-3"]) {
				await dan.start({ trackId });
				clock.now += 1000;
			}
			const recent = await dan.recentlyPlayed({ limit: 2 });
			t.same(
				recent.items.map(item => [item.track.title, item.state, item.bitrate]),
				[
					["So What", "playing", 160],
					["Giant Steps", "playing", 160]
				]
			);
		});
	});
}

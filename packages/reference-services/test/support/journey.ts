// The walk a listener takes through the platform's public API, used by the
// embedded and the distributed journey tests: register → log in → search →
// like → create a playlist → add → reorder → a stale reorder (409) → invite a
// collaborator who then edits → play (two Range requests of real MP3) and
// complete → recommendations change → a declined card, then a good one → the
// next play is 320 kbit/s with no ad → notifications.
import { randomUUID } from "node:crypto";
import { eventually } from "@backbeat/sdk/testing";
import { HttpClientError, httpClient } from "@backbeat/sdk/http";
import type { Test } from "tap";
import { CatalogContract } from "../../src/catalog/contract.js";
import { LibraryContract } from "../../src/library/contract.js";
import { NotificationsContract } from "../../src/notifications/contract.js";
import { PaymentsContract } from "../../src/payments/contract.js";
import { PlaylistsContract } from "../../src/playlists/contract.js";
import { RecommendationsContract } from "../../src/recommendations/contract.js";
import { StreamingContract } from "../../src/streaming/contract.js";
import { UsersContract } from "../../src/users/contract.js";
import { readMp3Frames } from "./mp3-frames.js";

export interface JourneyOptions {
	/** Called once the plays are completed: the distributed test kills and restarts processes here. */
	readonly afterPlays?: () => Promise<void>;
	/** How long events may take to reach their consumers. Default 2 s (embedded mode's promise). */
	readonly eventualMs?: number;
}

export interface JourneyResult {
	/** Every play the journey completed (the recommendations ledger must count each once). */
	readonly completedPlays: readonly string[];
}

export async function walkJourney(t: Test, baseUrl: string, options: JourneyOptions = {}): Promise<JourneyResult> {
	const eventualMs = options.eventualMs ?? 2000;
	const users = httpClient(UsersContract, { baseUrl });
	const stamp = Date.now().toString(36);
	const ada = await users.register({ email: `ada-${stamp}@example.com`, password: "correct horse", displayName: "Ada" });
	const bob = await users.register({ email: `bob-${stamp}@example.com`, password: "battery staple", displayName: "Bob" });
	const login = await users.login({ email: `ADA-${stamp}@example.com`, password: "correct horse" });
	t.equal(login.user.id, ada.user.id, "logged in");
	const token = login.accessToken;

	const found = await httpClient(CatalogContract, { baseUrl }).search({ q: "lo", type: ["track"], limit: 10 });
	const trackIds = (found.tracks?.items ?? []).map(track => track.id);
	t.equal(trackIds.length, 10, "search found tracks as Ada types");
	const track = (i: number) => trackIds[i] as string;

	const library = httpClient(LibraryContract, { baseUrl, token });
	await library.saveTracks({ ids: trackIds.slice(0, 2) });
	t.same(await library.containsTracks({ ids: trackIds.slice(0, 3) }), [true, true, false], "liked");

	const playlists = httpClient(PlaylistsContract, { baseUrl, token });
	const list = await playlists.create({ name: "Journey", public: false });
	const added = await playlists.addTracks({ id: list.id, trackIds: trackIds.slice(0, 3), snapshotId: list.snapshotId });
	const reordered = await playlists.reorderTracks({ id: list.id, rangeStart: 2, insertBefore: 0, snapshotId: added.snapshotId });
	const order = async () => (await playlists.tracks({ id: list.id })).items.map(item => item.track.id);
	t.same(await order(), [track(2), track(0), track(1)], "reordered");
	const stale = await playlists
		.reorderTracks({ id: list.id, rangeStart: 0, insertBefore: 2, snapshotId: added.snapshotId })
		.catch(e => e);
	t.ok(stale instanceof HttpClientError && stale.status === 409, "a stale reorder is 409");
	t.same(await order(), [track(2), track(0), track(1)], "and changed nothing");

	await playlists.addCollaborator({ id: list.id, userId: bob.user.id });
	const asBob = httpClient(PlaylistsContract, { baseUrl, token: bob.accessToken });
	await asBob.addTracks({ id: list.id, trackIds: [track(4)], snapshotId: reordered.snapshotId });
	t.same(await order(), [track(2), track(0), track(1), track(4)], "the collaborator added a track");
	t.same(
		(await asBob.mine({})).items.map(item => item.name),
		["Journey"]
	);

	// Bob listens to four tracks together; Ada then plays two of them, so the other two go with her taste.
	const completedPlays: string[] = [];
	const listen = async (as: string, trackId: string) => {
		const play = await httpClient(StreamingContract, { baseUrl, token: as }).start({ trackId, context: `playlist:${list.id}` });
		await httpClient(StreamingContract, { baseUrl, token: as }).complete({ playId: play.playId });
		completedPlays.push(play.playId);
		return play;
	};
	for (const i of [5, 6, 7, 8]) await listen(bob.accessToken, track(i));
	const recommendations = httpClient(RecommendationsContract, { baseUrl, token });
	const before = (await recommendations.forYou({ limit: 10 })).items.map(item => item.id);

	const streaming = httpClient(StreamingContract, { baseUrl, token });
	const first = await streaming.start({ trackId: track(5) });
	t.match(first, { bitrate: 160, streamUrl: /^\/api\/stream\// }, "a free play: 160 kbit/s");
	const origin = new URL(baseUrl).origin;
	const head = await fetch(`${origin}${first.streamUrl}`, { headers: { range: "bytes=0-1023" } });
	const rest = await fetch(`${origin}${first.streamUrl}`, { headers: { range: "bytes=1024-" } });
	t.same([head.status, rest.status], [206, 206], "two Range requests");
	const bytes = Buffer.concat([Buffer.from(await head.arrayBuffer()), Buffer.from(await rest.arrayBuffer())]);
	t.ok(bytes.subarray(0, 3).toString("latin1") === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0), "MP3's magic bytes");
	const mp3 = readMp3Frames(bytes);
	t.ok(mp3.frames.length > 0 && mp3.frames.every(frame => frame.bitrateKbps === 160), `${mp3.frames.length} MP3 frames at 160 kbit/s`);
	await streaming.progress({ playId: first.playId, positionMs: 10_000 });
	await streaming.complete({ playId: first.playId });
	completedPlays.push(first.playId);
	await listen(token, track(6));
	await options.afterPlays?.();

	const after = await eventually(
		async () => {
			const items = (await recommendations.forYou({ limit: 10 })).items.map(item => item.id);
			return items.includes(track(7)) && items.includes(track(8)) && items.join() !== before.join() && items;
		},
		{ timeoutMs: eventualMs, what: "Ada's recommendations follow her plays" }
	);
	t.notOk(
		after.some(id => id === track(0) || id === track(1)),
		"what she liked is not recommended to her"
	);

	const payments = httpClient(PaymentsContract, { baseUrl, token });
	const card = (number: string) => ({ number, expMonth: 12, expYear: new Date().getUTCFullYear() + 2, cvc: "123" });
	const declined = await payments
		.checkout({ planId: "premium", card: card("4000000000000002") }, { idempotencyKey: randomUUID() })
		.catch(e => e);
	t.match(declined, { status: 402, code: "PAYMENT_REQUIRED", data: { reason: "card_declined" } }, "a declined card is 402");
	const paid = await payments.checkout({ planId: "premium", card: card("4242424242424242") }, { idempotencyKey: randomUUID() });
	t.match(paid.subscription, { status: "active", cardLast4: "4242" }, "a good card: premium");
	const premium = await eventually(
		async () => {
			const play = await streaming.start({ trackId: track(3) });
			return play.bitrate === 320 && play;
		},
		{ timeoutMs: eventualMs, what: "the next play is premium" }
	);
	t.match(premium, { bitrate: 320, ad: false }, "320 kbit/s, no ad");

	const inbox = async (as: string) =>
		(await httpClient(NotificationsContract, { baseUrl, token: as }).list({})).items.map(item => item.kind).sort();
	await eventually(
		async () =>
			(await inbox(token)).join() === "paymentFailed,subscriptionActivated" &&
			(await inbox(bob.accessToken)).join() === "collaboratorAdded",
		{ timeoutMs: eventualMs, what: "the notifications" }
	);
	t.same(await httpClient(NotificationsContract, { baseUrl, token }).unreadCount({}), { unread: 2 }, "Ada has two unread notifications");
	return { completedPlays };
}

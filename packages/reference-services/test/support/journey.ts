// The walk a listener takes through the platform's public API, used by the
// embedded and the distributed journey tests: register → log in → search →
// like → create a playlist → add → reorder → a stale reorder (409) → invite a
// collaborator who then edits.
import { HttpClientError, httpClient } from "@backbeat/sdk/http";
import type { Test } from "tap";
import { CatalogContract } from "../../src/catalog/contract.js";
import { LibraryContract } from "../../src/library/contract.js";
import { PlaylistsContract } from "../../src/playlists/contract.js";
import { UsersContract } from "../../src/users/contract.js";

export async function walkJourney(t: Test, baseUrl: string): Promise<void> {
	const users = httpClient(UsersContract, { baseUrl });
	const stamp = Date.now().toString(36);
	const ada = await users.register({ email: `ada-${stamp}@example.com`, password: "correct horse", displayName: "Ada" });
	const bob = await users.register({ email: `bob-${stamp}@example.com`, password: "battery staple", displayName: "Bob" });
	const login = await users.login({ email: `ADA-${stamp}@example.com`, password: "correct horse" });
	t.equal(login.user.id, ada.user.id, "logged in");
	const token = login.accessToken;

	const found = await httpClient(CatalogContract, { baseUrl }).search({ q: "lo", type: ["track"], limit: 5 });
	const trackIds = (found.tracks?.items ?? []).map(track => track.id);
	t.equal(trackIds.length, 5, "search found tracks as Ada types");

	const library = httpClient(LibraryContract, { baseUrl, token });
	await library.saveTracks({ ids: trackIds.slice(0, 2) });
	t.same(await library.containsTracks({ ids: trackIds.slice(0, 3) }), [true, true, false], "liked");

	const playlists = httpClient(PlaylistsContract, { baseUrl, token });
	const list = await playlists.create({ name: "Journey", public: false });
	const added = await playlists.addTracks({ id: list.id, trackIds: trackIds.slice(0, 3), snapshotId: list.snapshotId });
	const reordered = await playlists.reorderTracks({ id: list.id, rangeStart: 2, insertBefore: 0, snapshotId: added.snapshotId });
	const order = async () => (await playlists.tracks({ id: list.id })).items.map(item => item.track.id);
	t.same(await order(), [trackIds[2], trackIds[0], trackIds[1]], "reordered");
	const stale = await playlists
		.reorderTracks({ id: list.id, rangeStart: 0, insertBefore: 2, snapshotId: added.snapshotId })
		.catch(e => e);
	t.ok(stale instanceof HttpClientError && stale.status === 409, "a stale reorder is 409");
	t.same(await order(), [trackIds[2], trackIds[0], trackIds[1]], "and changed nothing");

	await playlists.addCollaborator({ id: list.id, userId: bob.user.id });
	const asBob = httpClient(PlaylistsContract, { baseUrl, token: bob.accessToken });
	await asBob.addTracks({ id: list.id, trackIds: [trackIds[4] as string], snapshotId: reordered.snapshotId });
	t.same(await order(), [trackIds[2], trackIds[0], trackIds[1], trackIds[4]], "the collaborator added a track");
	t.same(
		(await asBob.mine({})).items.map(item => item.name),
		["Journey"]
	);
}

// Playlists through the gateway, on SQLite and PostgreSQL: Spotify's
// semantics for items, snapshots and rights, and no lost item under 50
// concurrent adds.
import { consume, defineContract, defineService } from "@backbeat/sdk";
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createCatalogService } from "../src/catalog/service.js";
import { PlaylistsContract } from "../src/playlists/contract.js";
import { UsersContract } from "../src/users/contract.js";
import { openUsersDatabase } from "../src/users/database.js";
import { createUsersService } from "../src/users/service.js";
import { openPlaylistsDatabase } from "../src/playlists/database.js";
import { createPlaylistsService } from "../src/playlists/service.js";
import { openDemoCatalog } from "./support/demo-catalog.js";
import { failure } from "./support/failure.js";

const SECRET = "playlists-test-secret-0123456789-abcdefghijklmn";

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const catalogDb = await openDemoCatalog(testDatabaseUrl(t, "sqlite", "catalog"));
	const database = openPlaylistsDatabase(testDatabaseUrl(t, dialect, "playlists"));
	const usersDb = openUsersDatabase(testDatabaseUrl(t, "sqlite", "users"));
	t.teardown(() => Promise.all([catalogDb.close(), database.close(), usersDb.close()]));
	const events: string[] = [];
	const Listener = defineContract({ name: "playlists-listener", version: 1, actions: {} });
	const listener = defineService(Listener, {
		actions: {},
		consumers: [
			consume(PlaylistsContract, database, {
				created: async event => void events.push(`created ${event.payload.name}`),
				tracksAdded: async event => void events.push(`added ${event.payload.trackIds.join(",")} at ${event.payload.position}`),
				collaboratorAdded: async event => void events.push(`collaborator ${event.payload.userId}`)
			})
		]
	});
	const broker = await startTestBroker(t, {
		services: [
			createCatalogService(catalogDb),
			createPlaylistsService(database),
			createUsersService(usersDb, { jwtSecret: SECRET }),
			listener,
			createGateway({
				contracts: [CatalogContract, PlaylistsContract, UsersContract],
				port: 0,
				auth: { secret: SECRET },
				rateLimit: false
			})
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	const users = httpClient(UsersContract, { baseUrl });
	// Real accounts: a collaborator must be a user the users service knows.
	const as = async (name: string) => {
		const { user } = await users.register({ email: `${name}@example.com`, password: "a good password", displayName: name });
		const token = await issueToken({ id: user.id, roles: [] }, { secret: SECRET });
		return { ...httpClient(PlaylistsContract, { baseUrl, token }), id: user.id };
	};
	return { events, ada: await as("ada"), bob: await as("bob"), cy: await as("cy") };
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`playlists on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("create, add at the end and at a position, reorder, remove; each change a new snapshot; stale is 409", async t => {
			const { ada, events } = await start(t, dialect);
			const list = await ada.create({ name: "Late night" });
			t.match(list, { name: "Late night", description: "", public: true, collaborative: false, ownerId: ada.id, trackCount: 0 });
			const order = async () => (await ada.tracks({ id: list.id })).items.map(item => item.track.id);
			const s1 = await ada.addTracks({ id: list.id, trackIds: ["trk-1", "trk-2"] });
			const s2 = await ada.addTracks({ id: list.id, trackIds: ["trk-3"], position: 1, snapshotId: s1.snapshotId });
			t.not(s2.snapshotId, s1.snapshotId);
			t.same(await order(), ["trk-1", "trk-3", "trk-2"]);
			const stale = await failure(ada.addTracks({ id: list.id, trackIds: ["trk-1"], snapshotId: s1.snapshotId }));
			t.match(stale, { status: 409, code: "CONFLICT", data: { field: "snapshotId", snapshotId: s2.snapshotId } });
			t.same(await order(), ["trk-1", "trk-3", "trk-2"], "a stale snapshot changes nothing");
			const s3 = await ada.reorderTracks({ id: list.id, rangeStart: 0, insertBefore: 3, snapshotId: s2.snapshotId });
			t.same(await order(), ["trk-3", "trk-2", "trk-1"], "the first item moved to the end");
			t.match(await failure(ada.reorderTracks({ id: list.id, rangeStart: 2, insertBefore: 0, snapshotId: s2.snapshotId })), {
				status: 409
			});
			const s4 = await ada.reorderTracks({ id: list.id, rangeStart: 1, rangeLength: 2, insertBefore: 0, snapshotId: s3.snapshotId });
			t.same(await order(), ["trk-2", "trk-1", "trk-3"], "a range of two moved to the front");
			t.match(await failure(ada.reorderTracks({ id: list.id, rangeStart: 3, insertBefore: 0, snapshotId: s4.snapshotId })), {
				status: 400,
				data: { field: "rangeStart" }
			});
			await ada.addTracks({ id: list.id, trackIds: ["trk-1"] });
			await ada.removeTracks({ id: list.id, trackIds: ["trk-1"] });
			t.same(await order(), ["trk-2", "trk-3"], "every occurrence removed");
			const page = await ada.tracks({ id: list.id, limit: 1, offset: 1 });
			t.match(page, { total: 2, limit: 1, offset: 1, items: [{ position: 1, addedBy: ada.id, track: { title: "So What" } }] });
			t.match(await failure(ada.addTracks({ id: list.id, trackIds: ["nope"] })), { status: 404, data: { ids: ["nope"] } });
			t.equal((await ada.get({ id: list.id })).trackCount, 2);
			await eventually(() => events.length >= 4);
			t.same(events.slice(0, 4), ["created Late night", "added trk-1,trk-2 at 0", "added trk-3 at 1", "added trk-1 at 3"]);
		});

		t.test("rights: private is 404 to others; public is readable but 403 to edit; collaborators edit tracks only", async t => {
			const { ada, bob, cy, events } = await start(t, dialect);
			const secret = await ada.create({ name: "Secret", public: false });
			t.match(await failure(bob.get({ id: secret.id })), { status: 404 }, "another user's private playlist does not exist for them");
			t.match(await failure(bob.tracks({ id: secret.id })), { status: 404 });
			t.match(await failure(bob.addTracks({ id: secret.id, trackIds: ["trk-1"] })), { status: 404 });
			const open = await ada.create({ name: "Open" });
			t.equal((await bob.get({ id: open.id })).name, "Open");
			t.match(await failure(bob.addTracks({ id: open.id, trackIds: ["trk-1"] })), { status: 403, code: "FORBIDDEN" });
			t.match(await failure(bob.update({ id: open.id, name: "Mine now" })), { status: 403 });
			t.match(await failure(bob.remove({ id: open.id })), { status: 403 });

			t.match(
				await failure(ada.addCollaborator({ id: secret.id, userId: "nobody" })),
				{ status: 404, code: "NOT_FOUND", data: { field: "userId" } },
				"an id no account has is refused, naming the field"
			);
			t.same((await ada.get({ id: secret.id })).collaborators, [], "and nothing was kept");
			const shared = await ada.addCollaborator({ id: secret.id, userId: bob.id });
			t.match(shared, { collaborative: true, collaborators: [bob.id] });
			await bob.addTracks({ id: secret.id, trackIds: ["trk-2"] });
			t.same(
				(await ada.tracks({ id: secret.id })).items.map(item => [item.track.id, item.addedBy]),
				[["trk-2", bob.id]]
			);
			t.match(await failure(bob.update({ id: secret.id, name: "Renamed" })), { status: 403 }, "only the owner renames");
			t.match(
				await failure(bob.addCollaborator({ id: secret.id, userId: cy.id })),
				{ status: 403 },
				"only the owner manages collaborators"
			);
			t.match(await failure(bob.remove({ id: secret.id })), { status: 403 }, "only the owner deletes");
			t.match(await failure(cy.get({ id: secret.id })), { status: 404 });
			t.same(
				(await bob.mine({})).items.map(list => list.name),
				["Secret"],
				"a collaborator sees the playlist among theirs"
			);
			t.match(await ada.update({ id: secret.id, name: "Shared", description: "for two" }), {
				name: "Shared",
				description: "for two"
			});
			t.match(await ada.removeCollaborator({ id: secret.id, userId: bob.id }), { collaborators: [] });
			t.match(await failure(bob.addTracks({ id: secret.id, trackIds: ["trk-1"] })), { status: 404 }, "no longer a collaborator");
			t.same((await ada.mine({})).items.map(list => list.name).sort(), ["Open", "Shared"]);
			await ada.remove({ id: open.id });
			t.match(await failure(ada.get({ id: open.id })), { status: 404 });
			await eventually(() => events.includes(`collaborator ${bob.id}`));
			t.pass("collaboratorAdded published");
		});

		t.test("50 concurrent adds lose no item", async t => {
			const { ada, bob } = await start(t, dialect);
			const list = await ada.create({ name: "Crowd", public: false });
			await ada.addCollaborator({ id: list.id, userId: bob.id });
			const ids = ["trk-1", "trk-2", "trk-3"];
			await Promise.all(
				Array.from({ length: 50 }, (_, n) => (n % 2 === 0 ? ada : bob).addTracks({ id: list.id, trackIds: [ids[n % 3] as string] }))
			);
			const { items } = await ada.tracks({ id: list.id, limit: 50 });
			t.equal((await ada.get({ id: list.id })).trackCount, 50);
			t.same(
				items.map(item => item.position),
				Array.from({ length: 50 }, (_, i) => i),
				"positions 0…49, no gaps, no duplicates"
			);
			t.same(
				ids.map(id => items.filter(item => item.track.id === id).length),
				[17, 17, 16]
			);
		});

		t.test("bad input is 422 naming the field; no token is 401", async t => {
			const { ada } = await start(t, dialect);
			t.match(await failure(ada.create({ name: "" })), { status: 422, data: { issues: [{ path: "name" }] } });
			const list = await ada.create({ name: "x" });
			t.match(await failure(ada.addTracks({ id: list.id, trackIds: [] })), { status: 422, data: { issues: [{ path: "trackIds" }] } });
			t.match(await failure(ada.reorderTracks({ id: list.id, rangeStart: -1, insertBefore: 0, snapshotId: list.snapshotId })), {
				status: 422
			});
		});
	});
}

t.test(
	"more than 50 distinct ids are checked in batches; a playlist holds at most 10,000 items (the service's own limit: on SQLite)",
	async t => {
		const { ada } = await start(t, "sqlite");
		const list = await ada.create({ name: "Big" });
		const many = ["trk-1", "trk-2", "trk-3", ...Array.from({ length: 57 }, (_, i) => `unknown-${i}`)];
		t.match(
			await failure(ada.addTracks({ id: list.id, trackIds: many })),
			{ status: 404, code: "NOT_FOUND" },
			"60 ids: a 404, not the catalog's 50-id limit"
		);
		const hundred = Array.from({ length: 100 }, (_, i) => `trk-${(i % 3) + 1}`);
		for (let call = 0; call < 100; call++) await ada.addTracks({ id: list.id, trackIds: hundred });
		t.equal((await ada.get({ id: list.id })).trackCount, 10_000);
		t.match(await failure(ada.addTracks({ id: list.id, trackIds: ["trk-1"] })), { status: 400, data: { field: "trackIds" } });
		t.equal((await ada.get({ id: list.id })).trackCount, 10_000, "the 10,001st item was refused");
	}
);

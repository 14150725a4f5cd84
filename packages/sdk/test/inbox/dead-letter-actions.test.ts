// The dead-letter actions defineService adds to services with consumers, in embedded mode
// (SQLite, in-process channels); the CLI's test drives them over NATS and JetStream.
import t from "tap";
import { z } from "zod";
import {
	consume,
	DEAD_LETTER_ACTIONS,
	deadLetterGroupsOf,
	defineContract,
	defineService,
	openDatabase,
	type BackbeatBroker,
	type DeadLetter,
	type ReplayResult
} from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";
import { rejectionOf } from "../support/failures.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

const Songs = defineContract({
	name: "songs",
	version: 1,
	actions: {},
	events: { played: { payload: z.object({ title: z.string(), poison: z.boolean() }) } }
});
const Albums = defineContract({
	name: "albums",
	version: 1,
	actions: {},
	events: { released: { payload: z.object({ title: z.string(), poison: z.boolean() }) } }
});

/**
 * Handlers that fail poison events until `fixed`, and a way to await one
 * event's handling. Events of one key are handled in order, so once an event
 * sent after the poison ones (same key) is handled, they are dead letters.
 */
function poisonHandler() {
	const state = { fixed: false, handled: [] as string[] };
	const waiting = new Map<string, () => void>();
	const handle = async (event: { payload: { title: string; poison: boolean } }) => {
		if (event.payload.poison && !state.fixed) throw new Error(`cannot handle ${event.payload.title}`);
		state.handled.push(event.payload.title);
		waiting.get(event.payload.title)?.();
	};
	const handledOf = (title: string) => new Promise<void>(resolve => waiting.set(title, resolve));
	return { state, handle, handledOf };
}

async function send(broker: BackbeatBroker, type: string, id: string, payload: { title: string; poison: boolean }): Promise<void> {
	const envelope = { id, type, key: "one-key", payload, occurredAt: new Date().toISOString(), schemaVersion: 1 };
	await broker.sendToChannel(type, envelope);
}

t.test("a service with consumers lists and replays its dead letters through actions the whole cluster can call", async t => {
	const db = openDatabase({ url: testDatabaseUrl(t, "sqlite", "library") });
	t.teardown(() => db.close());
	const songs = poisonHandler();
	const library = defineService(defineContract({ name: "library", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(Songs, db, { played: songs.handle }, { maxAttempts: 1 })]
	});
	const plain = defineService(defineContract({ name: "plain", version: 1, actions: {} }), { actions: {} });
	const broker = await startTestBroker(t, { services: [library, plain] });
	const list = (params: object = {}) => broker.call<DeadLetter[], object>(`v1.library.${DEAD_LETTER_ACTIONS.list}`, params);
	const replay = (params: object) => broker.call<ReplayResult, object>(`v1.library.${DEAD_LETTER_ACTIONS.replay}`, params);

	const services = await broker.call<Array<{ fullName: string; metadata: unknown; actions: Record<string, unknown> }>, object>(
		"$node.services",
		{ skipInternal: true, withActions: true }
	);
	const libraryInfo = services.find(s => s.fullName === "v1.library");
	t.same(deadLetterGroupsOf(libraryInfo?.metadata), ["v1.library"], "the groups are in the service's metadata");
	t.same(Object.keys(libraryInfo?.actions ?? {}).sort(), ["v1.library.$deadLetters.list", "v1.library.$deadLetters.replay"]);
	const plainInfo = services.find(s => s.fullName === "v1.plain");
	t.same(deadLetterGroupsOf(plainInfo?.metadata), [], "a service without consumers has no groups");
	t.same(Object.keys(plainInfo?.actions ?? {}), [], "nor the actions");

	const afterPoison = songs.handledOf("fine");
	await send(broker, "v1.songs.played", "poison-1", { title: "bad 1", poison: true });
	await send(broker, "v1.songs.played", "poison-2", { title: "bad 2", poison: true });
	await send(broker, "v1.songs.played", "fine-1", { title: "fine", poison: false });
	await afterPoison;
	const letters = await list();
	t.same(
		letters.map(l => [l.eventId, l.group, l.type, l.attempts]),
		[
			["poison-1", "v1.library", "v1.songs.played", 1],
			["poison-2", "v1.library", "v1.songs.played", 1]
		]
	);
	t.match(letters[0]?.error.message, /cannot handle bad 1/);
	t.same(
		(await list({ limit: 1 })).map(l => l.eventId),
		["poison-1"],
		"limit"
	);
	t.same((await list({ group: "v1.library" })).length, 2, "a group of the service");

	const noGroup = await rejectionOf(list({ group: "v1.nobody" }));
	t.equal(noGroup.code, "NOT_FOUND");
	t.match(noGroup.message, /v1\.library has no consumer group 'v1\.nobody' \(its groups: v1\.library\)/);
	const badLimit = await rejectionOf(list({ limit: 0 }));
	t.equal(badLimit.code, "VALIDATION_FAILED");
	t.match(badLimit.data, { issues: [{ path: "limit" }] }, "the failing field is named");
	const unknownParam = await rejectionOf(replay({ eventID: "poison-1" }));
	t.equal(unknownParam.code, "VALIDATION_FAILED", "a misspelt param is refused, not read as 'replay everything'");

	t.same(await replay({ eventId: "poison-1" }), { replayed: 0, failed: 1 }, "still broken: the letter stays");
	t.equal((await list())[0]?.attempts, 2, "the failed replay counted");
	songs.state.fixed = true;
	t.same(await replay({ eventId: "poison-1" }), { replayed: 1, failed: 0 });
	t.same(
		(await list()).map(l => l.eventId),
		["poison-2"],
		"only that one was replayed"
	);
	t.same(await replay({ eventId: "nope" }), { replayed: 0, failed: 0 }, "an unknown event id replays nothing");
	t.same(await replay({}), { replayed: 1, failed: 0 }, "no event id: every letter");
	t.same(await list(), []);
	t.same(songs.state.handled, ["fine", "bad 1", "bad 2"], "each handled once");
});

t.test("consumers of two contracts sharing a group and a database: one list, each letter replayed by its own consumer", async t => {
	const db = openDatabase({ url: testDatabaseUrl(t, "sqlite", "stats") });
	t.teardown(() => db.close());
	const songs = poisonHandler();
	const albums = poisonHandler();
	const stats = defineService(defineContract({ name: "stats", version: 1, actions: {} }), {
		actions: {},
		consumers: [
			consume(Songs, db, { played: songs.handle }, { maxAttempts: 1 }),
			consume(Albums, db, { released: albums.handle }, { maxAttempts: 1 })
		]
	});
	const broker = await startTestBroker(t, { services: [stats] });
	const afterPoison = Promise.all([songs.handledOf("fine song"), albums.handledOf("fine album")]);
	await send(broker, "v1.songs.played", "song-1", { title: "bad song", poison: true });
	await send(broker, "v1.songs.played", "song-2", { title: "fine song", poison: false });
	await send(broker, "v1.albums.released", "album-1", { title: "bad album", poison: true });
	await send(broker, "v1.albums.released", "album-2", { title: "fine album", poison: false });
	await afterPoison;
	const list = () => broker.call<DeadLetter[], object>(`v1.stats.${DEAD_LETTER_ACTIONS.list}`, {});
	t.same((await list()).map(l => l.eventId).sort(), ["album-1", "song-1"], "listed once, not once per consumer");
	songs.state.fixed = true;
	albums.state.fixed = true;
	t.same(await broker.call(`v1.stats.${DEAD_LETTER_ACTIONS.replay}`, {}), { replayed: 2, failed: 0 });
	t.same(
		[songs.state.handled, albums.state.handled],
		[
			["fine song", "bad song"],
			["fine album", "bad album"]
		],
		"each by its own consumer"
	);
	t.same(await list(), []);
});

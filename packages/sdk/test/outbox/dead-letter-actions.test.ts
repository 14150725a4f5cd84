// The dead-letter actions defineService adds to services with consumers, in embedded mode
// (SQLite, in-process channels); the CLI's test drives them over NATS and JetStream.
import t from "tap";
import { z } from "zod";
import { consume, DEAD_LETTER_ACTIONS, deadLetterGroupsOf, defineContract, defineService, openDatabase, type ChannelBroker, type DeadLetter, type ReplayResult } from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";
import { LedgerContract, ledgerReader, openConsumerDatabase } from "../fixtures/ledger.js";
import { rejectionOf } from "../support/failures.js";
import { testDatabaseUrl } from "../support/outbox-setup.js";

const envelope = (type: string, id: string, payload: unknown) => ({ id, type, key: id, payload, occurredAt: new Date().toISOString(), schemaVersion: 1 });

/** Polls `read` until `done` holds: a dead letter is written after the last failed attempt, and nothing signals it. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
	for (let i = 0; i < 400; i++) {
		const value = await read();
		if (done(value)) return value;
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	throw new Error(`gave up waiting for ${what}`);
}

t.test("a service with consumers lists and replays its dead letters through actions the whole cluster can call", async t => {
	const db = openConsumerDatabase(testDatabaseUrl(t, "sqlite", "reader"));
	t.teardown(() => db.close());
	let fixed = false;
	const reader = ledgerReader(db, { poisonFixed: () => fixed, maxAttempts: 1 });
	const plain = defineService(defineContract({ name: "plain", version: 1, actions: {} }), { actions: {} });
	const broker = await startTestBroker(t, { services: [reader.service, plain] });
	const list = (params: object = {}) => broker.call<DeadLetter[], object>(`v1.ledger-reader.${DEAD_LETTER_ACTIONS.list}`, params);
	const replay = (params: object) => broker.call<ReplayResult, object>(`v1.ledger-reader.${DEAD_LETTER_ACTIONS.replay}`, params);

	const services = await broker.call<Array<{ fullName: string; metadata: unknown; actions: Record<string, unknown> }>, object>("$node.services", { skipInternal: true, withActions: true });
	const readerInfo = services.find(s => s.fullName === "v1.ledger-reader");
	t.same(deadLetterGroupsOf(readerInfo?.metadata), ["v1.ledger-reader"], "the groups are in the service's metadata");
	t.same(Object.keys(readerInfo?.actions ?? {}).sort(), ["v1.ledger-reader.$deadLetters.list", "v1.ledger-reader.$deadLetters.replay"]);
	const plainInfo = services.find(s => s.fullName === "v1.plain");
	t.same(deadLetterGroupsOf(plainInfo?.metadata), [], "a service without consumers has no groups");
	t.same(Object.keys(plainInfo?.actions ?? {}), [], "nor the actions");

	const channels = broker as unknown as ChannelBroker;
	await channels.sendToChannel(LedgerContract.fullName + ".entryRecorded", envelope("v1.ledger.entryRecorded", "poison-1", { key: "k", seq: 1, poison: true }));
	await channels.sendToChannel(LedgerContract.fullName + ".entryRecorded", envelope("v1.ledger.entryRecorded", "poison-2", { key: "k", seq: 2, poison: true }));
	const letters = await until(list, found => found.length === 2, "two dead letters");
	t.same(letters.map(l => [l.eventId, l.group, l.type, l.attempts]), [["poison-1", "v1.ledger-reader", "v1.ledger.entryRecorded", 1], ["poison-2", "v1.ledger-reader", "v1.ledger.entryRecorded", 1]]);
	t.match(letters[0]?.error.message, /cannot handle poison entry 1/);
	t.same((await list({ limit: 1 })).map(l => l.eventId), ["poison-1"], "limit");
	t.same((await list({ group: "v1.ledger-reader" })).length, 2, "a group of the service");

	const noGroup = await rejectionOf(list({ group: "v1.nobody" }));
	t.equal(noGroup.code, "NOT_FOUND");
	t.match(noGroup.message, /v1\.ledger-reader has no consumer group 'v1\.nobody' \(its groups: v1\.ledger-reader\)/);
	const badLimit = await rejectionOf(list({ limit: 0 }));
	t.equal(badLimit.code, "VALIDATION_FAILED");
	t.match(badLimit.data, { issues: [{ path: "limit" }] }, "the failing field is named");
	const unknownParam = await rejectionOf(replay({ eventID: "poison-1" }));
	t.equal(unknownParam.code, "VALIDATION_FAILED", "a misspelt param is refused, not read as 'replay everything'");

	t.same(await replay({ eventId: "poison-1" }), { replayed: 0, failed: 1 }, "still broken: the letter stays");
	t.equal((await list())[0]?.attempts, 2, "the failed replay counted");
	fixed = true;
	t.same(await replay({ eventId: "poison-1" }), { replayed: 1, failed: 0 });
	t.same((await list()).map(l => l.eventId), ["poison-2"], "only that one was replayed");
	t.same(await replay({ eventId: "nope" }), { replayed: 0, failed: 0 }, "an unknown event id replays nothing");
	t.same(await replay({}), { replayed: 1, failed: 0 }, "no event id: every letter");
	t.same(await list(), []);
	t.same((await db.db.selectFrom("handled").select("event_id").orderBy("event_id").execute()).map(r => r.event_id), ["poison-1", "poison-2"], "each handled once");
});

t.test("consumers of two contracts sharing a group and a database: one list, each letter replayed by its own consumer", async t => {
	const Songs = defineContract({ name: "songs", version: 1, actions: {}, events: { played: { payload: z.object({ id: z.string() }) } } });
	const Albums = defineContract({ name: "albums", version: 1, actions: {}, events: { released: { payload: z.object({ id: z.string() }) } } });
	const db = openDatabase({ url: testDatabaseUrl(t, "sqlite", "shared") });
	t.teardown(() => db.close());
	let fixed = false;
	const handled: string[] = [];
	const handle = async (event: { id: string }) => {
		if (!fixed) throw new Error(`not yet: ${event.id}`);
		handled.push(event.id);
	};
	const options = { maxAttempts: 1 };
	const stats = defineService(defineContract({ name: "stats", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(Songs, db, { played: handle }, options), consume(Albums, db, { released: handle }, options)]
	});
	const broker = await startTestBroker(t, { services: [stats] });
	const channels = broker as unknown as ChannelBroker;
	await channels.sendToChannel("v1.songs.played", envelope("v1.songs.played", "song-1", { id: "s" }));
	await channels.sendToChannel("v1.albums.released", envelope("v1.albums.released", "album-1", { id: "a" }));
	const list = () => broker.call<DeadLetter[], object>(`v1.stats.${DEAD_LETTER_ACTIONS.list}`, {});
	const letters = await until(list, found => found.length === 2, "two dead letters");
	t.same(letters.map(l => l.eventId).sort(), ["album-1", "song-1"], "listed once, not once per consumer");
	fixed = true;
	t.same(await broker.call(`v1.stats.${DEAD_LETTER_ACTIONS.replay}`, {}), { replayed: 2, failed: 0 });
	t.same(handled.sort(), ["album-1", "song-1"]);
	t.same(await list(), []);
});

// Entity events of a CRUD service reach a consumer in another process over
// NATS JetStream exactly once each, while the producer's relay (a process of
// its own) is SIGKILLed again and again and restarted.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { sql } from "kysely";
import t from "tap";
import { client } from "../../src/index.js";
import {
	cleanChannels,
	eventually,
	serverUrl,
	skipUnlessServer,
	startChild,
	startTestBroker,
	testDatabaseUrl,
	uniqueNamespace
} from "../../src/testing/index.js";
import { openSongsDatabase, Songs, songsService } from "../support/crud-songs.js";
import { waitForChannelsDrained } from "../support/deliveries.js";
import { openListenerDatabase } from "../support/songs-listener.js";

const support = join(import.meta.dirname, "..", "support");
const SONGS = 60;
const UPDATES = 3;
const WAVES = 4;
// Every song: created, three updates; every other song also removed.
const EXPECTED = SONGS * (1 + UPDATES) + SONGS / 2;

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats"));
t.test("created/updated/removed: exactly once each in another process while the relay is killed and restarted", { skip }, async t => {
	const channels = serverUrl("nats");
	const namespace = uniqueNamespace("crud-events");
	cleanChannels(t, channels, namespace);
	const songsUrl = testDatabaseUrl(t, "postgres", "songs_events");
	const listenerUrl = testDatabaseUrl(t, "postgres", "songs_listener");
	const db = openSongsDatabase(songsUrl);
	const listenerDb = openListenerDatabase(listenerUrl);
	t.teardown(() => Promise.all([db.close(), listenerDb.close()]));
	await listenerDb.migrate();
	const env = { SONGS_DB_URL: songsUrl, LISTENER_DB_URL: listenerUrl, SONGS_CHANNELS: channels, SONGS_NAMESPACE: namespace };
	await startChild(t, join(support, "songs-listener-process.ts"), env);
	// The service writes rows and outbox events; only the relay process publishes them.
	const broker = await startTestBroker(t, { channels, namespace, services: [songsService(db, { relay: false })] });
	const songs = client(broker, Songs.contract);

	const heard = async () => Number((await sql<{ n: string }>`select count(*) as n from heard`.execute(listenerDb.db)).rows[0]?.n);
	const writeSong = async (n: number) => {
		const song = await songs.create({ title: `Song ${n}`, artist: "Crash Test" });
		for (let plays = 1; plays <= UPDATES; plays++) await songs.update({ id: song.id, plays });
		if (n % 2 === 0) await songs.remove({ id: song.id });
	};
	// Each wave's events wait in the outbox; a relay starts, publishes part of them and is SIGKILLed.
	for (let wave = 0; wave < WAVES; wave++) {
		const perWave = SONGS / WAVES;
		await Promise.all(Array.from({ length: perWave }, (_, i) => writeSong(wave * perWave + i)));
		const relay = spawn(process.execPath, [...process.execArgv, join(support, "songs-relay-process.ts")], {
			env: { ...process.env, ...env },
			stdio: ["ignore", "pipe", "inherit"]
		});
		const exited = once(relay, "exit");
		await once(relay.stdout, "data");
		await new Promise(resolve => setTimeout(resolve, 10 + Math.random() * 100));
		relay.kill("SIGKILL");
		await exited;
		t.comment(`wave ${wave + 1}: relay killed; ${await heard()} of ${EXPECTED} events handled so far`);
	}
	await startChild(t, join(support, "songs-relay-process.ts"), env);
	await eventually(async () => (await heard()) >= EXPECTED, { timeoutMs: 60_000, what: `${EXPECTED} events handled` });
	// Whatever a killed relay published twice is redelivered and settled before counting.
	await waitForChannelsDrained(channels, namespace);

	const outbox = await sql<{ event_id: string }>`select event_id from backbeat_outbox`.execute(db.db);
	t.equal(outbox.rows.length, EXPECTED, "one outbox row per write");
	const rows = await listenerDb.db.selectFrom("heard").select(["event_id", "event", "song_id", "plays"]).orderBy("id").execute();
	t.equal(rows.length, EXPECTED, "every event handled once: none lost, none twice");
	t.same(
		new Set(rows.map(row => row.event_id)),
		new Set(outbox.rows.map(row => row.event_id)),
		"the handled events are the committed ones"
	);
	const history = new Map<string, string[]>();
	for (const row of rows) history.set(row.song_id, [...(history.get(row.song_id) ?? []), `${row.event}:${row.plays}`]);
	t.equal(history.size, SONGS);
	const inOrder = [...history.values()].filter(
		events =>
			JSON.stringify(events) === JSON.stringify(["created:0", "updated:1", "updated:2", "updated:3"]) ||
			JSON.stringify(events) === JSON.stringify(["created:0", "updated:1", "updated:2", "updated:3", "removed:3"])
	);
	t.equal(inOrder.length, SONGS, "each song's events arrive in the order they were written");
});

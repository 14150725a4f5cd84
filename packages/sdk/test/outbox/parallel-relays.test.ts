// Three relays share one outbox: no row is published by two of them at once,
// and every key's events reach the consumer in commit order. On JetStream and
// on Redis Streams.
import t from "tap";
import type { Test } from "tap";
import { createBroker, createRelay, type Relay } from "../../src/index.js";
import { serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import {
	compareLedgers,
	ledgerReader,
	openConsumerDatabase,
	openProducerDatabase,
	recordEntry,
	waitForHandled
} from "../support/ledger.js";
import { cleanChannels, testDatabaseUrl } from "../../src/testing/index.js";

const KEYS = 24;
const PER_KEY = 100;

interface Publication {
	readonly relay: number;
	readonly start: number;
	end: number;
}

async function threeRelays(t: Test, channels: string): Promise<void> {
	const namespace = uniqueNamespace("relays");
	cleanChannels(t, channels, namespace);
	const producerDb = openProducerDatabase(testDatabaseUrl(t, "postgres", "producer"));
	const consumerDb = openConsumerDatabase(testDatabaseUrl(t, "postgres", "consumer"));
	t.teardown(() => Promise.all([producerDb.close(), consumerDb.close()]));
	const reader = ledgerReader(consumerDb);
	await startTestBroker(t, { channels, namespace, services: [reader.service] });

	// Every publication of every relay, by event id, with its time span.
	const publications = new Map<string, Publication[]>();
	const relays: Relay[] = [];
	for (let r = 0; r < 3; r++) {
		const broker = createBroker({ transporter: "in-process", channels, namespace, logLevel: "warn" });
		await broker.start();
		const send = broker.sendToChannel.bind(broker);
		broker.sendToChannel = async (channel, payload, options) => {
			const id = (payload as { id: string }).id;
			const entry: Publication = { relay: r, start: performance.now(), end: Infinity };
			publications.set(id, [...(publications.get(id) ?? []), entry]);
			await send(channel, payload, options);
			entry.end = performance.now();
		};
		// Small batches and few partitions per round, so the relays interleave.
		const relay = createRelay(broker, producerDb, { pollIntervalMs: 50, batchSize: 50, partitionsPerBatch: 4 });
		await relay.start();
		relays.push(relay);
		t.teardown(async () => {
			await relay.stop();
			await broker.stop();
		});
	}
	await Promise.all(
		Array.from({ length: KEYS }, async (_, k) => {
			for (let seq = 0; seq < PER_KEY; seq++) await recordEntry(producerDb, `key-${k}`, seq);
		})
	);
	await waitForHandled(consumerDb, KEYS * PER_KEY, 60_000, line => t.comment(line));

	let overlapping = 0;
	let twice = 0;
	for (const list of publications.values()) {
		if (list.length > 1) twice++;
		for (let i = 0; i < list.length; i++)
			for (let j = i + 1; j < list.length; j++) {
				const [a, b] = [list[i] as Publication, list[j] as Publication];
				if (a.start < b.end && b.start < a.end) overlapping++;
			}
	}
	const perRelay = [0, 1, 2].map(r => [...publications.values()].flat().filter(p => p.relay === r).length);
	t.comment(`publications per relay: ${perRelay.join(", ")}`);
	t.equal(publications.size, KEYS * PER_KEY, "every event published");
	t.equal(overlapping, 0, "no row published by two relays at the same time");
	t.equal(twice, 0, "and, with no failures, none published twice at all");
	t.ok(perRelay.filter(n => n > 0).length >= 2, "the relays shared the work");
	const report = await compareLedgers(producerDb, consumerDb);
	t.equal(report.missing, 0);
	t.equal(report.handledRows, report.handledDistinct);
	t.equal(report.keysOutOfOrder, 0, `100% per-key order over ${KEYS} keys`);
	t.same(relays.length, 3);
}

const needs = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats")) || (await skipUnlessServer("redis"));
t.test("3 relays over JetStream", { skip: needs }, t => threeRelays(t, serverUrl("nats")));
t.test("3 relays over Redis Streams", { skip: needs }, t => threeRelays(t, serverUrl("redis")));

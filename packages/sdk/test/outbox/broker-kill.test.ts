// The channel broker dies twice while 20,000 events flow: every committed
// event is handled, none twice. Private broker servers; PostgreSQL for state.
import t from "tap";
import type { Test } from "tap";
import { createRelay } from "../../src/index.js";
import { skipUnlessServer, startTestBroker } from "../../src/testing/index.js";
import {
	compareLedgers,
	ledgerReader,
	LedgerContract,
	openConsumerDatabase,
	openProducerDatabase,
	waitForHandled
} from "../support/ledger.js";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { waitForChannelsDrained } from "../support/deliveries.js";
import { startPrivateNats, startPrivateRedis, type PrivateServer } from "../support/private-server.js";

// Two 20,000-event runs with outages take ~2 minutes on a quiet 2-core machine; tap's default would cut them short under load.
t.setTimeout(420_000);

const TOTAL = 20_000;
const KEYS = 40;
const PER_TRANSACTION = 10;
const OUTAGE_MS = 3000;

async function killDuringRun(t: Test, server: PrivateServer): Promise<void> {
	const producerDb = openProducerDatabase(testDatabaseUrl(t, "postgres", "producer"));
	const consumerDb = openConsumerDatabase(testDatabaseUrl(t, "postgres", "consumer"));
	t.teardown(() => Promise.all([producerDb.close(), consumerDb.close()]));
	const reader = ledgerReader(consumerDb);
	const broker = await startTestBroker(t, {
		channels: { url: server.url, ackWaitMs: 3000 },
		logLevel: "fatal",
		services: [reader.service]
	});
	const relay = createRelay(broker, producerDb, { pollIntervalMs: 200, backoff: { baseMs: 50, capMs: 500 } });
	await relay.start();
	t.teardown(() => relay.stop());

	// Kill the broker when the consumer has handled 1/3 of the run, and again at 1/2, while writers still commit.
	const outages = (async () => {
		for (const fraction of [1 / 3, 1 / 2]) {
			const at = Math.floor(TOTAL * fraction);
			await waitForHandled(consumerDb, at, 180_000);
			t.comment(`killing the broker: ${at}/${TOTAL} handled`);
			await server.kill();
			await new Promise(resolve => setTimeout(resolve, OUTAGE_MS));
			await server.restart();
			t.comment(`broker restarted after ${OUTAGE_MS} ms`);
		}
	})();
	let committed = 0;
	// One writer per key, ten events per transaction.
	await Promise.all(
		Array.from({ length: KEYS }, async (_, writer) => {
			const key = `key-${writer}`;
			for (let seq = 0; seq < TOTAL / KEYS; seq += PER_TRANSACTION) {
				await producerDb.transaction(async tx => {
					for (let i = seq; i < seq + PER_TRANSACTION; i++) {
						const envelope = await tx.publish(LedgerContract, "entryRecorded", { key, seq: i }, { key });
						await tx.db.insertInto("committed").values({ event_id: envelope.id, key, seq: i }).execute();
					}
				});
				committed += PER_TRANSACTION;
				if (committed % 5000 === 0) t.comment(`committed ${committed}/${TOTAL}`);
			}
		})
	);
	await outages;
	await waitForHandled(consumerDb, TOTAL, 180_000, line => t.comment(line));
	// Redeliveries after the outages are settled before the ledgers are compared.
	await waitForChannelsDrained(server.url, "");
	const report = await compareLedgers(producerDb, consumerDb);
	t.equal(report.committed, TOTAL, `${TOTAL} events committed`);
	t.equal(report.missing, 0, "every committed event handled");
	t.equal(report.phantom, 0);
	t.equal(report.handledRows, report.handledDistinct, `zero duplicate side effects (${report.handledRows} side effects)`);
	t.equal((await relay.stats()).pending, 0, "outbox drained");
	// Stop while the private server still runs (teardowns would kill it first).
	await relay.stop();
	await broker.stop();
}

const needsPostgres = await skipUnlessServer("postgres");

t.test("NATS JetStream killed at 1/3 and 1/2 of 20,000 events", { skip: needsPostgres }, async t => {
	await killDuringRun(t, await startPrivateNats(t));
});

t.test("Redis Streams killed at 1/3 and 1/2 of 20,000 events", { skip: needsPostgres }, async t => {
	await killDuringRun(t, await startPrivateRedis(t));
});

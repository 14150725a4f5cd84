import { sql } from "kysely";
import type { Test } from "tap";
import {
	type BackbeatError,
	createBroker,
	createRelay,
	defineContract,
	defineService,
	METRICS,
	type BrokerOptions,
	type Consumer
} from "../../src/index.js";
import { cleanChannels, eventually, startTestBroker, testDatabaseUrl, uniqueNamespace } from "../../src/testing/index.js";
import { counterTotal, waitForDeliveries } from "./deliveries.js";
import {
	compareLedgers,
	ledgerReader,
	openConsumerDatabase,
	openProducerDatabase,
	recordEntry,
	waitForHandled,
	LedgerContract
} from "./ledger.js";
import { rejectionOf } from "./failures.js";

export interface OutboxSetup {
	readonly dialect: "postgres" | "sqlite";
	/** Channels URL; `in-process` in embedded mode. */
	readonly channels: string;
	/** Transporter for calls between the brokers; in-process in embedded mode. */
	readonly transporter: string;
}

/** The dead letters of a consumer once there are any (a failed event is parked after its last attempt). */
function deadLettersOf(consumer: Consumer) {
	return eventually(
		async () => {
			const letters = await consumer.listDeadLetters();
			return letters.length > 0 && letters;
		},
		{ what: "a dead letter" }
	);
}

/** The outbox behaviours every run mode must have; fault tests live in their own files. */
export function outboxSuite(t: Test, setup: OutboxSetup): void {
	async function world(t: Test) {
		const namespace = uniqueNamespace("outbox");
		cleanChannels(t, setup.channels, namespace);
		const producerDb = openProducerDatabase(testDatabaseUrl(t, setup.dialect, "producer"));
		const consumerDb = openConsumerDatabase(testDatabaseUrl(t, setup.dialect, "consumer"));
		t.teardown(() => Promise.all([producerDb.close(), consumerDb.close()]));
		const options: BrokerOptions = { transporter: setup.transporter, channels: { url: setup.channels, ackWaitMs: 5000 }, namespace };
		return { namespace, producerDb, consumerDb, options };
	}

	t.test(
		"32 concurrent writers with random transaction lengths, 10% rolled back: every committed event handled once, in key order, none of the rolled back",
		async t => {
			const { producerDb, consumerDb, options } = await world(t);
			const reader = ledgerReader(consumerDb);
			const broker = await startTestBroker(t, { ...options, metrics: true, services: [reader.service] });
			const relay = createRelay(broker, producerDb, { pollIntervalMs: 200 });
			await relay.start();
			t.teardown(() => relay.stop());
			const perWriter = 60;
			let rolledBack = 0;
			await Promise.all(
				Array.from({ length: 32 }, async (_, writer) => {
					for (let seq = 0; seq < perWriter; seq++) {
						const rollback = Math.random() < 0.1;
						if (rollback) rolledBack++;
						await recordEntry(producerDb, `writer-${writer}`, seq, { rollback, delayMs: Math.floor(Math.random() * 4) });
					}
				})
			);
			const expected = 32 * perWriter - rolledBack;
			await waitForHandled(consumerDb, expected, 60_000, line => t.comment(line));
			// Every message the relay published is finished by the consumer, so a late duplicate would show now.
			await waitForDeliveries(broker, () => relay.published);
			const report = await compareLedgers(producerDb, consumerDb);
			t.equal(report.committed, expected, `${expected} committed (${rolledBack} rolled back)`);
			t.equal(report.missing, 0, "no committed event skipped");
			t.equal(report.phantom, 0, "no event of a rolled-back transaction published");
			t.equal(report.handledRows, report.handledDistinct, "no duplicate side effects");
			t.equal(report.keysOutOfOrder, 0, "every key's events handled in commit order");
			t.equal((await relay.stats()).pending, 0, "nothing left pending");
		}
	);

	t.test(
		"a poison event goes to the dead letters after the configured attempts, the stream keeps flowing, and replay works once fixed",
		async t => {
			const { producerDb, consumerDb, options } = await world(t);
			let fixed = false;
			const reader = ledgerReader(consumerDb, { poisonFixed: () => fixed, maxAttempts: 3 });
			const broker = await startTestBroker(t, { ...options, services: [reader.service] });
			const relay = createRelay(broker, producerDb, { pollIntervalMs: 200 });
			await relay.start();
			t.teardown(() => relay.stop());
			await recordEntry(producerDb, "k", 0);
			const poisonId = await recordEntry(producerDb, "k", 1, { poison: true });
			await recordEntry(producerDb, "k", 2);
			await waitForHandled(consumerDb, 2, 30_000);
			const letters = await deadLettersOf(reader.consumer);
			t.equal(letters.length, 1, "one dead letter");
			t.equal(letters[0]?.eventId, poisonId);
			t.equal(letters[0]?.attempts, 3, "after the configured 3 attempts");
			t.match(letters[0]?.error.message, /cannot handle poison entry 1/);
			t.equal(letters[0]?.type, "v1.ledger.entryRecorded");
			t.same(
				(await compareLedgers(producerDb, consumerDb)).missing,
				1,
				"only the poison event is unhandled; the next one went through"
			);
			const stillBroken = await reader.consumer.replayDeadLetters();
			t.same(stillBroken, { replayed: 0, failed: 1 }, "replay while still broken keeps it");
			t.equal((await reader.consumer.listDeadLetters())[0]?.attempts, 4, "the failed replay counts as an attempt");
			fixed = true;
			t.same(await reader.consumer.replayDeadLetters(poisonId), { replayed: 1, failed: 0 });
			t.same(await reader.consumer.listDeadLetters(), [], "dead letters empty after replay");
			const report = await compareLedgers(producerDb, consumerDb);
			t.equal(report.missing, 0);
			t.equal(report.handledRows, report.handledDistinct);
			t.same(await reader.consumer.replayDeadLetters(), { replayed: 0, failed: 0 }, "replaying nothing is fine");
		}
	);

	t.test(
		"a burst shares transactions: a poison event among them rolls back only itself, every other event is handled once, keys stay in order",
		async t => {
			const { producerDb, consumerDb, options } = await world(t);
			const scopes = new Set<object>();
			const reader = ledgerReader(consumerDb, { maxAttempts: 2, onScope: scope => scopes.add(scope) });
			const broker = await startTestBroker(t, { ...options, services: [reader.service] });
			// Everything is committed before the relay starts, so the events arrive together.
			let poisonId: string | undefined;
			for (let seq = 0; seq < 40; seq++) {
				for (const key of ["a", "b", "c", "d", "e"]) {
					const id = await recordEntry(producerDb, key, seq, { poison: key === "c" && seq === 20 });
					if (key === "c" && seq === 20) poisonId = id;
				}
			}
			const relay = createRelay(broker, producerDb, { pollIntervalMs: 200 });
			await relay.start();
			t.teardown(() => relay.stop());
			t.equal(await waitForHandled(consumerDb, 199, 30_000), 199, "all but the poison event handled");
			const letters = await deadLettersOf(reader.consumer);
			t.same(
				letters.map(letter => letter.eventId),
				[poisonId],
				"only the poison event is a dead letter"
			);
			const report = await compareLedgers(producerDb, consumerDb);
			t.equal(report.missing, 1);
			t.equal(report.handledRows, report.handledDistinct, "no duplicate side effects from the rolled-back batch");
			t.equal(report.keysOutOfOrder, 0);
			t.ok(scopes.size < 150, `200 deliveries handled in ${scopes.size} transactions`);
		}
	);

	t.test("pending count and lag are reported; sent rows are cleaned up after the retention period", async t => {
		const { producerDb, consumerDb, options } = await world(t);
		const reader = ledgerReader(consumerDb);
		const broker = await startTestBroker(t, { ...options, metrics: true, services: [reader.service] });
		const relay = createRelay(broker, producerDb, { pollIntervalMs: 100, retentionMs: 1, cleanupIntervalMs: 50, statsIntervalMs: 50 });
		for (let seq = 0; seq < 3; seq++) await recordEntry(producerDb, "k", seq);
		const before = await relay.stats();
		t.equal(before.pending, 3, "three committed, none published yet");
		t.ok(before.lagMs >= 0 && before.lagMs < 60_000, `lag ${before.lagMs} ms`);
		await relay.start();
		t.teardown(() => relay.stop());
		await waitForHandled(consumerDb, 3, 20_000);
		const outboxRows = async () =>
			Number((await sql<{ n: number | string }>`select count(*) as n from backbeat_outbox`.execute(producerDb.db)).rows[0]?.n);
		await eventually(async () => (await outboxRows()) === 0, { what: "the sent rows cleaned up" });
		t.equal(await outboxRows(), 0, "sent rows deleted after the retention period");
		t.same(await relay.stats(), { pending: 0, lagMs: 0 });
		t.equal(broker.metrics.getMetric(METRICS.outboxPublished)?.get()?.value, 3, "published counter");
		// The gauge is refreshed every statsIntervalMs, so it may trail stats() by one refresh.
		const pendingGauge = () => broker.metrics.getMetric(METRICS.outboxPending)?.get()?.value;
		await eventually(() => pendingGauge() === 0, { what: "the pending gauge refreshed to 0" });
		t.equal(pendingGauge(), 0, "pending gauge");
		t.equal(
			broker.metrics.getMetric(METRICS.inboxHandled)?.get({ group: "v1.ledger-reader", event: "v1.ledger.entryRecorded" })?.value,
			3,
			"handled counter"
		);
	});

	t.test("a redelivered event changes nothing twice", async t => {
		const { consumerDb, options } = await world(t);
		const reader = ledgerReader(consumerDb);
		const broker = await startTestBroker(t, { ...options, metrics: true, services: [reader.service] });
		const envelope = {
			id: "evt-1",
			type: "v1.ledger.entryRecorded",
			key: "k",
			payload: { key: "k", seq: 1 },
			occurredAt: new Date().toISOString(),
			schemaVersion: 1
		};
		for (let i = 0; i < 5; i++) await broker.sendToChannel(envelope.type, envelope, { msgID: `copy-${i}` });
		await waitForHandled(consumerDb, 1, 10_000);
		await waitForDeliveries(broker, () => 5);
		t.equal(counterTotal(broker, METRICS.inboxDuplicates), 4, "four copies skipped as duplicates");
		const rows = await consumerDb.db.selectFrom("handled").selectAll().execute();
		t.equal(rows.length, 1, "five deliveries, one side effect");
	});

	t.test("an event published before its consumer group exists is still delivered", async t => {
		const { producerDb, consumerDb, options, namespace } = await world(t);
		const Announcer = defineContract({ name: "announcer", version: 1, actions: {} });
		// Publishes from started(), the case @moleculer/channels could lose.
		const announcer = defineService(Announcer, {
			actions: {},
			outbox: { database: producerDb, relay: { pollIntervalMs: 100 } },
			async started() {
				await recordEntry(producerDb, "early", 0);
			}
		});
		const producer = await startTestBroker(t, { ...options, nodeID: `${namespace}-producer`, services: [announcer] });
		// Start the consumer only once the relay has published the event.
		const sentRows = async () =>
			Number(
				(
					await sql<{ n: number | string }>`select count(*) as n from backbeat_outbox where sent_at is not null`.execute(
						producerDb.db
					)
				).rows[0]?.n
			);
		await eventually(async () => (await sentRows()) === 1, { timeoutMs: 20_000, what: "the early event published" });
		if (setup.channels === "in-process") {
			// Embedded mode: the consumer joins the same broker later.
			const reader = ledgerReader(consumerDb);
			await producer.createService(reader.service);
		} else {
			const reader = ledgerReader(consumerDb);
			await startTestBroker(t, { ...options, nodeID: `${namespace}-consumer`, services: [reader.service] });
		}
		t.equal(await waitForHandled(consumerDb, 1, 20_000), 1, "the early event was handled");
	});

	t.test("publish refuses a payload that breaks the contract, and the transaction writes nothing", async t => {
		const { producerDb } = await world(t);
		const error = await rejectionOf(
			producerDb.transaction(async tx => {
				await tx.db.insertInto("committed").values({ event_id: "x", key: "k", seq: 1 }).execute();
				// @ts-expect-error seq must be a number
				await tx.publish(LedgerContract, "entryRecorded", { key: "k", seq: "one" });
			})
		);
		t.equal(error.code, "VALIDATION_FAILED");
		t.match(JSON.stringify((error as BackbeatError).data), /seq/);
		t.same(await producerDb.db.selectFrom("committed").selectAll().execute(), [], "the state write was rolled back too");
		const bigint = await rejectionOf(
			producerDb.transaction(tx => tx.publish(LedgerContract, "entryRecorded", { key: "k", seq: 1 }, { key: "" }))
		);
		t.equal(bigint.code, "BAD_REQUEST", "an empty key is refused");
	});

	// In-process brokers always have channels (in-process ones), so this only applies to distributed mode.
	if (setup.transporter !== "in-process")
		t.test("a service with consumers on a broker without channels fails to start, naming the setting", async t => {
			const { consumerDb } = await world(t);
			const reader = ledgerReader(consumerDb);
			const broker = createBroker(
				{ transporter: setup.transporter, namespace: uniqueNamespace(), logLevel: "fatal", services: [reader.service] },
				{}
			);
			const error = await rejectionOf(broker.start());
			t.teardown(() => broker.stop());
			t.match(error.message, /channels|BACKBEAT_CHANNELS_URL/);
		});
}

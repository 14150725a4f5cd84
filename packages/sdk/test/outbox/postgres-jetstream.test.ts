// Distributed mode: PostgreSQL and NATS JetStream channels, calls over NATS.
import { connect } from "nats";
import t from "tap";
import { serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { ledgerReader, openConsumerDatabase } from "../support/ledger.js";
import { cleanChannels, testDatabaseUrl } from "../../src/testing/index.js";
import { outboxSuite } from "../support/outbox-suite.js";

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats"));
t.test("PostgreSQL + JetStream", { skip }, async t => {
	outboxSuite(t, { dialect: "postgres", channels: serverUrl("nats"), transporter: serverUrl("nats") });

	t.test("the event id is JetStream's Nats-Msg-Id: a re-published event is stored once", async t => {
		const namespace = uniqueNamespace("dedupe");
		cleanChannels(t, serverUrl("nats"), namespace);
		const consumerDb = openConsumerDatabase(testDatabaseUrl(t, "postgres", "consumer"));
		t.teardown(() => consumerDb.close());
		const broker = await startTestBroker(t, {
			channels: serverUrl("nats"),
			namespace,
			services: [ledgerReader(consumerDb).service]
		});
		const envelope = {
			id: "evt-dup",
			type: "v1.ledger.entryRecorded",
			key: "k",
			payload: { key: "k", seq: 1 },
			occurredAt: new Date().toISOString(),
			schemaVersion: 1
		};
		for (let i = 0; i < 3; i++) await broker.sendToChannel(envelope.type, envelope, { msgID: envelope.id });
		const nc = await connect({ servers: new URL(serverUrl("nats")).host });
		t.teardown(() => nc.close());
		const info = await (await nc.jetstreamManager()).streams.info(`${namespace}_v1_ledger_entryRecorded`);
		t.equal(info.state.messages, 1, "three sends, one message in the stream");
	});
});

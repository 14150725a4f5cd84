// The trace of an outbox event on PostgreSQL + JetStream: it survives a relay
// that starts only after the commit (the context comes from the row), and a
// duplicate delivery shows as a span event on the consumer's process span.
import { EventEmitter, once } from "node:events";
import type { Kysely } from "kysely";
import t, { type Test } from "tap";
import { client, createBroker, createRelay, type BrokerOptions, type ConsumedEvent, type EventEnvelope } from "../../src/index.js";
import { DUPLICATE_SKIPPED_EVENT } from "../../src/tracing/index.js";
import type { SdkTables } from "../../src/storage/sdk-tables.js";
import {
	serverUrl,
	skipUnlessServer,
	startOtlpReceiver,
	startTestBroker,
	uniqueNamespace,
	type ReceivedSpan
} from "../../src/testing/index.js";
import { chartsService, openEventsDatabase, openPlaysDatabase, PlaysContract, playsService } from "../support/plays.js";
import { cleanChannels, testDatabaseUrl } from "../../src/testing/index.js";
import { disconnected, only, spansOf } from "../support/received-traces.js";

process.env["OTEL_BSP_SCHEDULE_DELAY"] = "10";

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats"));

type Played = ConsumedEvent<{ trackId: string }>;

async function world(t: Test) {
	const receiver = await startOtlpReceiver(t);
	const namespace = uniqueNamespace("trace-outbox");
	const channels = serverUrl("nats");
	cleanChannels(t, channels, namespace);
	const plays = openPlaysDatabase(testDatabaseUrl(t, "postgres", "plays"));
	const charts = openEventsDatabase(testDatabaseUrl(t, "postgres", "charts"));
	t.teardown(() => Promise.all([plays.close(), charts.close()]));
	const seen = new EventEmitter();
	const options: BrokerOptions = {
		namespace,
		channels: { url: channels, ackWaitMs: 5000 },
		tracing: { otlp: { endpoint: receiver.url } }
	};
	const consumer = () => chartsService(charts, { onPlayed: event => void seen.emit("played", event) });
	return { receiver, plays, seen, options, consumer };
}

const label = (s: ReceivedSpan) => `${s.service} ${s.kind} ${s.name}`;

t.test("the trace stays connected when the relay starts only after the commit: the context comes from the row", { skip }, async t => {
	const { receiver, plays, seen, options, consumer } = await world(t);
	// The producer commits with no relay running, then goes away entirely.
	const producer = createBroker({ ...options, logLevel: "warn", services: [playsService(plays, { relay: false })] });
	let producerStopped = false;
	t.teardown(() => (producerStopped ? undefined : producer.stop()));
	await producer.start();
	const { eventId } = await client(producer, PlaysContract).record({ trackId: "t1" });
	await producer.stop();
	producerStopped = true;
	const [row] = await (plays.db as unknown as Kysely<SdkTables>)
		.selectFrom("backbeat_outbox")
		.select(["headers", "sent_at"])
		.where("event_id", "=", eventId)
		.execute();
	t.equal(row?.sent_at, null, "committed, not yet published");
	const stored = JSON.parse(row?.headers ?? "{}") as Record<string, string>;
	t.match(stored["traceparent"], /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/, "the row holds the creation context");
	const [, traceId, createSpanId] = (stored["traceparent"] ?? "").split("-");

	// A new broker and relay, and the consumer.
	const played = once(seen, "played") as Promise<[Played]>;
	await startTestBroker(t, { ...options, services: [consumer()] });
	const relayBroker = await startTestBroker(t, options);
	const relay = createRelay(relayBroker, plays, { pollIntervalMs: 100 });
	await relay.start();
	t.teardown(() => relay.stop());
	const [event] = await played;
	t.equal(event.id, eventId);
	t.equal(event.traceContext?.["traceparent"], stored["traceparent"], "the consumer got the row's creation context");

	const trace = spansOf(await receiver.waitFor(all => spansOf(all, traceId ?? "").some(s => s.kind === "CONSUMER")), traceId ?? "");
	t.same(
		trace.map(label).sort(),
		[
			"backbeat CLIENT send v1.plays.played",
			"backbeat CLIENT v1.plays/record",
			"charts CONSUMER process v1.plays.played",
			"plays PRODUCER create v1.plays.played",
			"plays SERVER v1.plays/record"
		],
		"a relay outside any service carries the broker's service name"
	);
	const create = only(trace, s => s.kind === "PRODUCER", "create span");
	t.equal(create.spanId, createSpanId, "the stored context is the create span");
	const send = only(trace, s => s.name.startsWith("send"), "send span");
	t.same(send.links, [{ traceId, spanId: create.spanId }], "the new relay's send span links to the original creation context");
	t.equal(send.parentSpanId, create.spanId);
	t.equal(send.attributes["messaging.system"], "nats");
	const process = only(trace, s => s.kind === "CONSUMER", "process span");
	t.equal(process.parentSpanId, create.spanId, "the process span is in the same trace, under the creation context");
	t.same(process.links, [{ traceId, spanId: create.spanId }]);
	t.equal(process.attributes["messaging.system"], "nats");
	const { roots, orphans } = disconnected(trace);
	t.same(roots.map(label), ["backbeat CLIENT v1.plays/record"]);
	t.same(orphans, []);
});

t.test("a duplicate delivery: the inbox skips it and its process span records the event", { skip }, async t => {
	const { receiver, plays, seen, options, consumer } = await world(t);
	const handled: Played[] = [];
	seen.on("played", (event: Played) => handled.push(event));
	const played = once(seen, "played") as Promise<[Played]>;
	const broker = await startTestBroker(t, { ...options, services: [playsService(plays), consumer()] });
	await client(broker, PlaysContract).record({ trackId: "t1" });
	const [event] = await played;
	const traceId = event.traceContext?.["traceparent"]?.split("-")[1] ?? "";
	await receiver.waitFor(all => spansOf(all, traceId).some(s => s.kind === "CONSUMER"));

	// The same envelope again, without JetStream's msg id: as after a relay crash past the duplicate window.
	const { attempt: _attempt, ...envelope } = event;
	await broker.sendToChannel(event.type, envelope satisfies EventEnvelope);
	const duplicated = (s: ReceivedSpan) => s.events.some(e => e.name === DUPLICATE_SKIPPED_EVENT);
	const trace = spansOf(await receiver.waitFor(all => all.some(duplicated)), traceId);
	const processes = trace.filter(s => s.kind === "CONSUMER");
	t.equal(processes.length, 2, "two deliveries, two process spans in the trace");
	const create = only(trace, s => s.kind === "PRODUCER", "create span");
	t.ok(
		processes.every(s => s.parentSpanId === create.spanId),
		"both under the creation context"
	);
	const duplicate = only(processes, duplicated, "process span of the duplicate");
	t.same(duplicate.events, [{ name: "messaging.inbox.duplicate_skipped", attributes: { "messaging.message.id": event.id } }]);
	t.equal(duplicate.status.code, "UNSET", "a skipped duplicate is not a failure");
	t.same(only(processes, s => !duplicated(s), "first process span").events, [], "the first delivery has no such event");
	t.equal(handled.length, 1, "the handler ran once");
});

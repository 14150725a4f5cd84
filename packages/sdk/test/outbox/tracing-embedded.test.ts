// Messaging spans of the outbox in embedded mode (SQLite + in-process channels):
// create in the producer's transaction, send in the relay, process in each
// consumer, all in the producer's trace, as a real OTLP receiver gets them.
import { EventEmitter, once } from "node:events";
import t, { type Test } from "tap";
import { client, type ConsumedEvent } from "../../src/index.js";
import { startHttpServerSpan } from "../../src/tracing/index.js";
import { startOtlpReceiver, startTestBroker, type ReceivedSpan } from "../../src/testing/index.js";
import { auditService, chartsService, openEventsDatabase, openPlaysDatabase, PlaysContract, playsService } from "../support/plays.js";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { disconnected, only, spansOf } from "../support/received-traces.js";

// The batch processors export every 10 ms, so tests wait for spans, not for a 5 s timer.
process.env["OTEL_BSP_SCHEDULE_DELAY"] = "10";

const SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

function databases(t: Test) {
	const plays = openPlaysDatabase(testDatabaseUrl(t, "sqlite", "plays"));
	const charts = openEventsDatabase(testDatabaseUrl(t, "sqlite", "charts"));
	const audit = openEventsDatabase(testDatabaseUrl(t, "sqlite", "audit"));
	t.teardown(() => Promise.all([plays.close(), charts.close(), audit.close()]));
	return { plays, charts, audit };
}

const label = (s: ReceivedSpan) => `${s.service} ${s.kind} ${s.name}`;

t.test("one trace: the call, create in its transaction, send, process, and on through an event the consumer publishes", async t => {
	const receiver = await startOtlpReceiver(t);
	const db = databases(t);
	const seen = new EventEmitter();
	const broker = await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url } },
		services: [
			playsService(db.plays),
			chartsService(db.charts, { publishCounted: true, onPlayed: event => void seen.emit("played", event) }),
			auditService(db.audit, event => seen.emit("counted", event))
		]
	});
	const played = once(seen, "played") as Promise<[ConsumedEvent<{ trackId: string }>]>;
	const { eventId } = await client(broker, PlaysContract).record({ trackId: "t1" });
	const [[playedEvent], [countedEvent]] = await Promise.all([
		played,
		once(seen, "counted") as Promise<[ConsumedEvent<{ trackId: string }>]>
	]);

	const traceId = playedEvent.traceContext?.["traceparent"]?.split("-")[1] ?? "";
	t.match(traceId, /^[0-9a-f]{32}$/, "the event carries a trace context");
	const trace = spansOf(await receiver.waitFor(all => spansOf(all, traceId).length >= 8), traceId);
	t.same(trace.map(label).sort(), [
		"audit CONSUMER process v1.charts.counted",
		"backbeat CLIENT v1.plays/record",
		"charts CLIENT send v1.charts.counted",
		"charts CONSUMER process v1.plays.played",
		"charts PRODUCER create v1.charts.counted",
		"plays CLIENT send v1.plays.played",
		"plays PRODUCER create v1.plays.played",
		"plays SERVER v1.plays/record"
	]);
	const { roots, orphans } = disconnected(trace);
	t.same(roots.map(label), ["backbeat CLIENT v1.plays/record"], "one root");
	t.same(orphans, [], "zero orphans");

	const server = only(trace, s => s.kind === "SERVER", "server span");
	const create = only(trace, s => s.name === "create v1.plays.played", "create span");
	const send = only(trace, s => s.name === "send v1.plays.played", "send span");
	const process = only(trace, s => s.name === "process v1.plays.played", "process span");
	t.equal(create.parentSpanId, server.spanId, "create is a child of the action's span");
	t.match(create.attributes, {
		"messaging.system": "backbeat",
		"messaging.operation.type": "create",
		"messaging.operation.name": "create",
		"messaging.destination.name": "v1.plays.played",
		"messaging.message.id": eventId
	});
	t.equal(
		playedEvent.traceContext?.["traceparent"],
		`00-${traceId}-${create.spanId}-01`,
		"the envelope carries the create span as creation context"
	);
	t.equal(send.parentSpanId, create.spanId, "the relay's send continues the creation context");
	t.same(send.links, [{ traceId, spanId: create.spanId }], "and links to it");
	t.match(send.attributes, {
		"messaging.operation.type": "send",
		"messaging.message.id": eventId,
		"messaging.destination.name": "v1.plays.played"
	});
	t.equal(process.parentSpanId, create.spanId, "a single message: process is a child of the creation context");
	t.same(process.links, [{ traceId, spanId: create.spanId }], "and links to it");
	t.match(process.attributes, {
		"messaging.operation.type": "process",
		"messaging.consumer.group.name": "v1.charts",
		"messaging.message.id": eventId
	});

	const created = only(trace, s => s.name === "create v1.charts.counted", "second create span");
	t.equal(created.parentSpanId, process.spanId, "an event published in the consumer's transaction is created under its process span");
	t.equal(countedEvent.traceContext?.["traceparent"], `00-${traceId}-${created.spanId}-01`);
	t.equal(only(trace, s => s.name === "process v1.charts.counted", "second process span").parentSpanId, created.spanId);
});

t.test("an event that goes to the dead letters: its process span is an error", async t => {
	const receiver = await startOtlpReceiver(t);
	const db = databases(t);
	const broker = await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url } },
		services: [
			playsService(db.plays),
			chartsService(db.charts, {
				maxAttempts: 2,
				onPlayed: () => {
					throw new Error("charts are down");
				}
			})
		]
	});
	await client(broker, PlaysContract).record({ trackId: "t1" });
	const spans = await receiver.waitFor(all => all.some(s => s.kind === "CONSUMER"));
	const process = only(spans, s => s.kind === "CONSUMER", "process span");
	t.equal(process.status.code, "ERROR");
	t.equal(process.attributes["error.type"], "INTERNAL_SERVER_ERROR");
	t.match(process.events, [{ name: "exception", attributes: { "exception.message": "charts are down" } }]);
	t.equal(process.traceId, only(spans, s => s.kind === "PRODUCER", "create span").traceId, "still in the producer's trace");
});

t.test("an event published outside any trace: the relay's send span is its creation context", async t => {
	const receiver = await startOtlpReceiver(t);
	const db = databases(t);
	const seen = new EventEmitter();
	await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url } },
		services: [playsService(db.plays), chartsService(db.charts, { onPlayed: event => void seen.emit("played", event) })]
	});
	const played = once(seen, "played") as Promise<[ConsumedEvent<{ trackId: string }>]>;
	const envelope = await db.plays.transaction(tx => tx.publish(PlaysContract, "played", { trackId: "t2" }));
	t.equal(envelope.traceContext, undefined, "no source, no message being processed: nothing to store");
	const [event] = await played;
	const traceId = event.traceContext?.["traceparent"]?.split("-")[1] ?? "";
	const trace = spansOf(await receiver.waitFor(all => spansOf(all, traceId).length >= 2), traceId);
	const send = only(trace, s => s.name === "send v1.plays.played", "send span");
	const process = only(trace, s => s.kind === "CONSUMER", "process span");
	t.equal(send.kind, "PRODUCER", "the send span is the producer when it is the creation context");
	t.equal(send.parentSpanId, undefined);
	t.same(send.links, []);
	t.equal(event.traceContext?.["traceparent"], `00-${traceId}-${send.spanId}-01`);
	t.equal(process.parentSpanId, send.spanId);
	t.same(process.links, [{ traceId, spanId: send.spanId }]);
	t.equal(trace.length, 2);
});

t.test("a creation context the caller passes is stored as given, with no create span", async t => {
	const receiver = await startOtlpReceiver(t);
	const db = databases(t);
	const seen = new EventEmitter();
	const broker = await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url } },
		services: [playsService(db.plays), chartsService(db.charts, { onPlayed: event => void seen.emit("played", event) })]
	});
	const played = once(seen, "played") as Promise<[ConsumedEvent<{ trackId: string }>]>;
	const envelope = await db.plays.transaction(broker, tx =>
		tx.publish(PlaysContract, "played", { trackId: "t3" }, { traceContext: { traceparent: SAMPLED } })
	);
	t.same(envelope.traceContext, { traceparent: SAMPLED });
	const [event] = await played;
	t.same(event.traceContext, { traceparent: SAMPLED });
	const trace = spansOf(await receiver.waitFor(all => all.some(s => s.kind === "CONSUMER")), "0af7651916cd43dd8448eb211c80319c");
	t.same(trace.map(label).sort(), ["charts CONSUMER process v1.plays.played", "plays CLIENT send v1.plays.played"]);
	for (const span of trace) {
		t.equal(span.parentSpanId, "b7ad6b7169203331", `${span.name}: a child of the given context`);
		t.same(span.links, [{ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" }]);
	}
});

t.test("an unsampled request records no messaging spans, and its decision travels with the event", async t => {
	const receiver = await startOtlpReceiver(t);
	const db = databases(t);
	const seen = new EventEmitter();
	const broker = await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url }, sampleRatio: 0 },
		services: [playsService(db.plays), chartsService(db.charts, { onPlayed: event => void seen.emit("played", event) })]
	});
	const first = once(seen, "played") as Promise<[ConsumedEvent<{ trackId: string }>]>;
	await client(broker, PlaysContract).record({ trackId: "same-key" });
	const [unsampled] = await first;
	t.match(unsampled.traceContext?.["traceparent"], /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/, "the row keeps the trace, flagged not sampled");

	// A sampled parent wins over ratio 0; its event has the same key, so it is handled after the first.
	const http = startHttpServerSpan(broker, { method: "POST", url: "/plays", headers: { traceparent: SAMPLED } });
	await broker.call("v1.plays.record", { trackId: "same-key" }, http?.bind({}));
	http?.end({ statusCode: 200 });
	const spans = await receiver.waitFor(all => all.some(s => s.kind === "CONSUMER"));
	t.same(
		new Set(spans.map(s => s.traceId)),
		new Set(["0af7651916cd43dd8448eb211c80319c"]),
		"only the sampled request's trace was recorded"
	);
	t.same(
		spans.map(s => s.kind).sort(),
		["CLIENT", "CONSUMER", "PRODUCER", "SERVER"],
		"HTTP (the bound entry call has no spans of its own), create, send, process"
	);
	const names = spans.map(s => s.name);
	t.ok(
		names.includes("create v1.plays.played") && names.includes("send v1.plays.played") && names.includes("process v1.plays.played"),
		names.join(", ")
	);
});

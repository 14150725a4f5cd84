// A consumer's handler runs with its process span as OpenTelemetry's active
// context: under a context manager the application registered, calls it makes
// through client(broker, …) are children of that span.
import { EventEmitter, once } from "node:events";
import { context, trace } from "@opentelemetry/api";
import t from "tap";
import { client, type BackbeatBroker } from "../../src/index.js";
import { startOtlpReceiver, startTestBroker } from "../../src/testing/index.js";
import { chartsService, openEventsDatabase, openPlaysDatabase, PlaysContract, playsService } from "../support/plays.js";
import { TracksV1, tracksV1Service } from "../support/tracks.js";
import { AsyncContextManager } from "../support/async-context-manager.js";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { only, spansOf } from "../support/received-traces.js";

process.env["OTEL_BSP_SCHEDULE_DELAY"] = "10";

t.test("calls a consumer's handler makes are children of its process span", async t => {
	t.ok(context.setGlobalContextManager(new AsyncContextManager().enable()), "registered, as an application would");
	t.teardown(() => context.disable());
	const receiver = await startOtlpReceiver(t);
	const plays = openPlaysDatabase(testDatabaseUrl(t, "sqlite", "plays"));
	const charts = openEventsDatabase(testDatabaseUrl(t, "sqlite", "charts"));
	t.teardown(() => Promise.all([plays.close(), charts.close()]));
	const seen = new EventEmitter();
	let broker: BackbeatBroker | undefined;
	const consumer = chartsService(charts, {
		async onPlayed() {
			const active = trace.getSpanContext(context.active());
			if (!broker) throw new Error("the broker has started");
			await client(broker, TracksV1).get({ id: "1" });
			seen.emit("played", active);
		}
	});
	broker = await startTestBroker(t, {
		tracing: { otlp: { endpoint: receiver.url } },
		services: [playsService(plays), consumer, tracksV1Service]
	});
	const played = once(seen, "played");
	await client(broker, PlaysContract).record({ trackId: "t1" });
	const [active] = (await played) as [ReturnType<typeof trace.getSpanContext>];
	const traceId = active?.traceId ?? "";
	const spans = spansOf(await receiver.waitFor(all => spansOf(all, traceId).length >= 7), traceId);
	const process = only(spans, s => s.kind === "CONSUMER", "process span");
	t.equal(active?.spanId, process.spanId, "the handler's active span is its process span");
	const call = only(spans, s => s.kind === "CLIENT" && s.name === "v1.tracks/get", "the handler's call");
	t.equal(call.parentSpanId, process.spanId, "its call is a child of the process span");
	t.equal(call.service, "backbeat", "made from the broker, outside any action");
	t.equal(only(spans, s => s.kind === "SERVER" && s.name === "v1.tracks/get", "the callee's span").parentSpanId, call.spanId);
});

t.test("messages handled together in one transaction each keep their own process span", async t => {
	const receiver = await startOtlpReceiver(t);
	const plays = openPlaysDatabase(testDatabaseUrl(t, "sqlite", "plays"));
	const charts = openEventsDatabase(testDatabaseUrl(t, "sqlite", "charts"));
	t.teardown(() => Promise.all([plays.close(), charts.close()]));
	const seen = new EventEmitter();
	let handled = 0;
	const consumer = chartsService(charts, { publishCounted: true, onPlayed: () => void (++handled === 12 && seen.emit("all")) });
	const broker = await startTestBroker(t, { tracing: { otlp: { endpoint: receiver.url } }, services: [playsService(plays), consumer] });
	const all = once(seen, "all");
	// Twelve requests at once: the relay hands their events over together, so the consumer batches them.
	const recorded = await Promise.all(Array.from({ length: 12 }, (_, i) => client(broker, PlaysContract).record({ trackId: `t${i}` })));
	await all;
	const ids = new Set(recorded.map(r => r.eventId));
	const everything = await receiver.waitFor(spans => spans.filter(s => s.name === "create v1.charts.counted").length >= 12);
	const processes = everything.filter(s => s.kind === "CONSUMER" && ids.has(String(s.attributes["messaging.message.id"])));
	t.equal(processes.length, 12, "one process span per played event");
	for (const process of processes) {
		const children = everything.filter(s => s.name === "create v1.charts.counted" && s.parentSpanId === process.spanId);
		t.equal(
			children.length,
			1,
			`the event its handler published is under ${String(process.attributes["messaging.message.id"])}'s own span`
		);
		t.equal(children[0]?.traceId, process.traceId, "in that message's trace");
	}
});

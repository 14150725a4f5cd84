// A consumer's handler runs with its process span as OpenTelemetry's active
// context: under a context manager the application registered, calls it makes
// through client(broker, …) are children of that span.
import { EventEmitter, once } from "node:events";
import { context, trace } from "@opentelemetry/api";
import t from "tap";
import { client, type BackbeatBroker } from "../../src/index.js";
import { startOtlpReceiver, startTestBroker } from "../../src/testing/index.js";
import { chartsService, openEventsDatabase, openPlaysDatabase, PlaysContract, playsService } from "../fixtures/plays.js";
import { TracksV1, tracksV1Service } from "../fixtures/tracks.js";
import { AsyncContextManager } from "../support/async-context-manager.js";
import { testDatabaseUrl } from "../support/outbox-setup.js";
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
	broker = await startTestBroker(t, { tracing: { otlp: { endpoint: receiver.url } }, services: [playsService(plays), consumer, tracksV1Service] });
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

// With tracing off, the outbox stores no trace context and no messaging span
// reaches an OTLP receiver, even with the OTLP endpoint variable set; the same
// variable without the switch does export them (so the receiver would see).
import { EventEmitter, once } from "node:events";
import type { Kysely } from "kysely";
import t, { type Test } from "tap";
import { client, createBroker, type BrokerOptions, type ConsumedEvent } from "../../src/index.js";
import { flushTraces } from "../../src/tracing/index.js";
import type { SdkTables } from "../../src/storage/sdk-tables.js";
import { skipUnlessServer, startOtlpReceiver, uniqueNamespace, type OtlpReceiver } from "../../src/testing/index.js";
import { chartsService, openEventsDatabase, openPlaysDatabase, PlaysContract, playsService } from "../support/plays.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

process.env["OTEL_BSP_SCHEDULE_DELAY"] = "10";

type Played = ConsumedEvent<{ trackId: string }>;

/** Records one play through the outbox on PostgreSQL and in-process channels; resolves with what the consumer got and the stored row headers. */
async function recordOnePlay(t: Test, receiver: OtlpReceiver, options: BrokerOptions, env: NodeJS.ProcessEnv) {
	const plays = openPlaysDatabase(testDatabaseUrl(t, "postgres", "plays"));
	const charts = openEventsDatabase(testDatabaseUrl(t, "postgres", "charts"));
	t.teardown(() => Promise.all([plays.close(), charts.close()]));
	const seen = new EventEmitter();
	const broker = createBroker(
		{
			namespace: uniqueNamespace(),
			logLevel: "warn",
			...options,
			services: [playsService(plays), chartsService(charts, { onPlayed: event => void seen.emit("played", event) })]
		},
		{ ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url }
	);
	const played = once(seen, "played") as Promise<[Played]>;
	await broker.start();
	t.teardown(() => broker.stop());
	const { eventId } = await client(broker, PlaysContract).record({ trackId: "t1" });
	const [event] = await played;
	const [row] = await (plays.db as unknown as Kysely<SdkTables>)
		.selectFrom("backbeat_outbox")
		.select("headers")
		.where("event_id", "=", eventId)
		.execute();
	return { broker, event, headers: row?.headers };
}

t.test(
	"tracing off: no trace context in the row or the envelope, no messaging spans",
	{ skip: await skipUnlessServer("postgres") },
	async t => {
		const receiver = await startOtlpReceiver(t);
		const off: ReadonlyArray<[string, BrokerOptions, NodeJS.ProcessEnv]> = [
			["tracing: false", { tracing: false }, process.env],
			["OTEL_SDK_DISABLED=true", {}, { ...process.env, OTEL_SDK_DISABLED: "true" }]
		];
		for (const [name, options, env] of off) {
			const { broker, event, headers } = await recordOnePlay(t, receiver, options, env);
			t.equal(headers, null, `${name}: the outbox row stores no trace context`);
			t.equal(event.traceContext, undefined, `${name}: the envelope carries none`);
			await flushTraces(broker);
		}
		t.same(receiver.spans, [], "nothing exported");

		// The control: the same variable, tracing not switched off, exports the messaging spans.
		const { event } = await recordOnePlay(t, receiver, {}, process.env);
		const spans = await receiver.waitFor(all => all.some(s => s.kind === "CONSUMER"));
		const traceId = event.traceContext?.["traceparent"]?.split("-")[1];
		t.match(traceId, /^[0-9a-f]{32}$/);
		t.same([...new Set(spans.map(s => s.traceId))], [traceId], "every span received is the control's");
		t.ok(spans.some(s => s.kind === "PRODUCER") && spans.some(s => s.name.startsWith("send")), spans.map(s => s.name).join(", "));
	}
);

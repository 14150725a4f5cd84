import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@backbeat/sdk";
import {
	serverUrl,
	skipUnlessServer,
	startChild,
	startOtlpReceiver,
	startTestBroker,
	testDatabaseUrl,
	cleanChannels,
	uniqueNamespace,
	type ReceivedSpan
} from "@backbeat/sdk/testing";
import t from "tap";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { gatewayPort } from "@backbeat/sdk/gateway";
import { createGatewayService } from "../src/gateway/service.js";
import { PlayerContract, playerService } from "./support/player.js";

// The test's batch processor exports every 10 ms (the children get the same variable).
process.env["OTEL_BSP_SCHEDULE_DELAY"] = "10";

// The gateway keeps its token secret in the data folder.
useTemporaryDataDir(t);
const support = join(dirname(fileURLToPath(import.meta.url)), "support");

const label = (s: ReceivedSpan) => `${s.service} ${s.kind} ${s.name}`;

function find(trace: readonly ReceivedSpan[], service: string, kind: string, name: string): ReceivedSpan {
	const span = trace.find(s => s.service === service && s.kind === kind && s.name === name);
	if (!span) throw new Error(`no ${service} ${kind} ${name} in: ${trace.map(label).join(", ")}`);
	return span;
}

const skip = (await skipUnlessServer("nats")) || (await skipUnlessServer("postgres"));

t.test("one trace from an HTTP request through two services, an outbox event and two consumers in other processes", { skip }, async t => {
	const receiver = await startOtlpReceiver(t);
	const namespace = uniqueNamespace("trace-outbox");
	const nats = serverUrl("nats");
	const urls = {
		player: testDatabaseUrl(t, "postgres", "player"),
		history: testDatabaseUrl(t, "postgres", "history"),
		charts: testDatabaseUrl(t, "postgres", "charts")
	};
	cleanChannels(t, nats, namespace);
	const otel = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "10" };
	await Promise.all([
		startChild(t, join(support, "catalog-process.ts"), { CATALOG_TRANSPORTER: nats, CATALOG_NAMESPACE: namespace, ...otel }),
		...(["history", "charts"] as const).map(name =>
			startChild(t, join(support, "listener-process.ts"), {
				LISTENER_NAME: name,
				LISTENER_DB_URL: urls[name],
				LISTENER_TRANSPORTER: nats,
				LISTENER_CHANNELS: nats,
				LISTENER_NAMESPACE: namespace,
				...otel
			})
		)
	]);
	const playerDb = openDatabase<Record<string, never>>({ url: urls.player });
	t.teardown(() => playerDb.close());
	const broker = await startTestBroker(t, {
		transporter: nats,
		channels: nats,
		namespace,
		tracing: { otlp: { endpoint: receiver.url } },
		services: [createGatewayService({ port: 0, contracts: [PlayerContract] }), playerService(playerDb)]
	});
	await broker.waitForServices(["v1.catalog", "v1.history", "v1.charts"], 10_000);

	const res = await fetch(`http://127.0.0.1:${gatewayPort(broker)}/api/play/trk-1`);
	t.equal(res.status, 200);
	t.same(await res.json(), { title: "Blue in Green" });
	const traceId = res.headers.get("x-trace-id") ?? "";
	t.match(traceId, /^[0-9a-f]{32}$/);
	const inTrace = (all: readonly ReceivedSpan[]) => all.filter(s => s.traceId === traceId);
	const trace = inTrace(
		await receiver.waitFor(all => inTrace(all).filter(s => s.kind === "CONSUMER").length >= 2 && inTrace(all).length >= 9, 20_000)
	);

	t.same(
		trace.map(label).sort(),
		[
			"catalog SERVER v1.catalog/getTrack",
			"charts CONSUMER process v1.player.played",
			"gateway CLIENT v1.player/play",
			"gateway SERVER GET /api/play/:trackId",
			"history CONSUMER process v1.player.played",
			"player CLIENT send v1.player.played",
			"player CLIENT v1.catalog/getTrack",
			"player PRODUCER create v1.player.played",
			"player SERVER v1.player/play"
		],
		"every span once, with its service and kind"
	);
	t.equal(receiver.spans.filter(s => s.traceId === traceId).length, 9, "each span exported once");

	const ids = new Set(trace.map(s => s.spanId));
	const roots = trace.filter(s => s.parentSpanId === undefined);
	t.same(roots.map(label), ["gateway SERVER GET /api/play/:trackId"], "one root: the HTTP request");
	const orphans = trace.filter(
		s => s !== roots[0] && !(s.parentSpanId !== undefined && ids.has(s.parentSpanId)) && !s.links.some(l => ids.has(l.spanId))
	);
	t.same(orphans.map(label), [], "every other span has a parent or a link inside the trace: zero orphans");

	const action = find(trace, "player", "SERVER", "v1.player/play");
	const create = find(trace, "player", "PRODUCER", "create v1.player.played");
	const send = find(trace, "player", "CLIENT", "send v1.player.played");
	t.equal(create.parentSpanId, action.spanId, "the event is created in the action's transaction, under its span");
	t.match(create.attributes, {
		"messaging.system": "nats",
		"messaging.operation.type": "create",
		"messaging.destination.name": "v1.player.played"
	});
	t.equal(send.parentSpanId, create.spanId, "the relay continues the row's creation context");
	t.same(send.links, [{ traceId, spanId: create.spanId }], "and links to it");
	for (const group of ["history", "charts"]) {
		const process = find(trace, group, "CONSUMER", "process v1.player.played");
		t.equal(process.parentSpanId, create.spanId, `${group}: a single message's process span is a child of its creation context`);
		t.same(process.links, [{ traceId, spanId: create.spanId }], `${group}: and links to it`);
		t.match(process.attributes, {
			"messaging.system": "nats",
			"messaging.operation.type": "process",
			"messaging.consumer.group.name": `v1.${group}`,
			"messaging.message.id": create.attributes["messaging.message.id"]
		});
	}
	t.equal(
		find(trace, "catalog", "SERVER", "v1.catalog/getTrack").parentSpanId,
		find(trace, "player", "CLIENT", "v1.catalog/getTrack").spanId
	);
});

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { client, defineService } from "@backbeat/sdk";
import { flushTraces, type TraceJson, type TraceSummary } from "@backbeat/sdk/tracing";
import {
	serverUrl,
	skipUnlessServer,
	startChild,
	startOtlpReceiver,
	startTestBroker,
	uniqueNamespace,
	type ReceivedSpan
} from "@backbeat/sdk/testing";
import t from "tap";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { openDemoCatalog } from "./support/demo-catalog.js";
import { CatalogContract } from "../src/catalog/contract.js";
import { gatewayPort } from "@backbeat/sdk/gateway";
import { createGatewayService } from "../src/gateway/service.js";
import { PlayerContract } from "./support/player.js";

// The gateway keeps its token secret in the data folder.
useTemporaryDataDir(t);
const catalogScript = join(dirname(fileURLToPath(import.meta.url)), "support", "catalog-process.ts");

/** A player in the gateway's process that calls the catalog (in another process), without the outbox of support/player.ts. */
const playerService = defineService(PlayerContract, {
	actions: { play: async ctx => ({ title: (await client(ctx, CatalogContract).getTrack({ id: ctx.params.trackId })).title }) }
});
const contracts = [PlayerContract, CatalogContract];

const INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

function connected(spans: readonly ReceivedSpan[], traceId: string): ReceivedSpan[] {
	return spans.filter(s => s.traceId === traceId);
}

t.test(
	"one trace from the HTTP gateway through a service here to the catalog in another process over NATS",
	{ skip: await skipUnlessServer("nats") },
	async t => {
		const receiver = await startOtlpReceiver(t);
		const namespace = uniqueNamespace();
		const transporter = serverUrl("nats");
		// The child exports at once instead of every 5 s, so the test waits for spans, not for a timer.
		await startChild(t, catalogScript, {
			CATALOG_TRANSPORTER: transporter,
			CATALOG_NAMESPACE: namespace,
			OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
			OTEL_BSP_SCHEDULE_DELAY: "10"
		});
		const broker = await startTestBroker(t, {
			transporter,
			namespace,
			tracing: { otlp: { endpoint: receiver.url }, memory: { maxTraces: 20 } },
			services: [createGatewayService({ port: 0, contracts }), playerService]
		});
		await broker.waitForServices(["v1.catalog"], 10_000);
		const base = `http://127.0.0.1:${gatewayPort(broker)}`;

		t.test("a request without traceparent starts a trace: five spans, one root, no orphans, right kinds and services", async t => {
			const res = await fetch(`${base}/api/play/trk-1`);
			t.equal(res.status, 200);
			t.same(await res.json(), { title: "Blue in Green" });
			const traceId = res.headers.get("x-trace-id") ?? "";
			t.match(traceId, /^[0-9a-f]{32}$/);
			t.match(res.headers.get("traceparent"), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
			await flushTraces(broker);
			const spans = connected(await receiver.waitFor(all => connected(all, traceId).length >= 5), traceId);
			t.same(spans.map(s => `${s.service} ${s.kind} ${s.name}`).sort(), [
				"catalog SERVER v1.catalog/getTrack",
				"gateway CLIENT v1.player/play",
				"gateway SERVER GET /api/play/:trackId",
				"player CLIENT v1.catalog/getTrack",
				"player SERVER v1.player/play"
			]);
			const ids = new Set(spans.map(s => s.spanId));
			const roots = spans.filter(s => s.parentSpanId === undefined);
			t.equal(roots.length, 1, "one root");
			t.equal(roots[0]?.kind, "SERVER");
			t.equal(roots[0]?.attributes["http.route"], "/api/play/:trackId");
			t.equal(roots[0]?.attributes["http.response.status_code"], 200);
			t.same(
				spans.filter(s => s.parentSpanId !== undefined && !ids.has(s.parentSpanId)),
				[],
				"zero orphans"
			);
			const byKey = (service: string, kind: string) => spans.find(s => s.service === service && s.kind === kind);
			t.equal(
				byKey("catalog", "SERVER")?.parentSpanId,
				byKey("player", "CLIENT")?.spanId,
				"the remote server span is the child of the client span in this process"
			);
			t.match(byKey("catalog", "SERVER")?.attributes, {
				"rpc.system": "moleculer",
				"rpc.service": "v1.catalog",
				"rpc.method": "getTrack"
			});
			t.equal(receiver.spans.filter(s => s.traceId === traceId).length, 5, "each span exported once");
		});

		t.test("an incoming traceparent is honoured and returned with the gateway's span", async t => {
			const res = await fetch(`${base}/api/play/trk-2`, { headers: { traceparent: INCOMING } });
			t.equal(res.status, 200);
			t.equal(res.headers.get("x-trace-id"), "4bf92f3577b34da6a3ce929d0e0e4736");
			const returned = res.headers.get("traceparent") ?? "";
			t.match(returned, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
			t.not(returned, INCOMING, "the response names the gateway's span, not the caller's");
			await flushTraces(broker);
			const spans = connected(
				await receiver.waitFor(all => connected(all, "4bf92f3577b34da6a3ce929d0e0e4736").length >= 5),
				"4bf92f3577b34da6a3ce929d0e0e4736"
			);
			const http = spans.find(s => s.kind === "SERVER" && s.service === "gateway");
			t.equal(http?.parentSpanId, "00f067aa0ba902b7", "the gateway's span is a child of the caller's");
			t.equal(returned.split("-")[2], http?.spanId);
		});

		t.test("a malformed traceparent is ignored: a new trace, and the request still works", async t => {
			for (const bad of [
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
				"zz-not-a-traceparent",
				"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"
			]) {
				const res = await fetch(`${base}/api/play/trk-3`, { headers: { traceparent: bad } });
				t.equal(res.status, 200, bad);
				const traceId = res.headers.get("x-trace-id") ?? "";
				t.match(traceId, /^[0-9a-f]{32}$/);
				t.not(traceId, "4bf92f3577b34da6a3ce929d0e0e4736", bad);
				t.not(traceId, "00000000000000000000000000000000");
			}
		});

		t.test("errors: the status code on the HTTP span; a 404 is not the server's failure", async t => {
			const res = await fetch(`${base}/api/tracks/nope`);
			t.equal(res.status, 404);
			t.match(await res.json(), { error: { code: "NOT_FOUND", data: { id: "nope" } } }, "the Backbeat error's status and body");
			const traceId = res.headers.get("x-trace-id") ?? "";
			t.match(traceId, /^[0-9a-f]{32}$/, "every response names its trace");
			await flushTraces(broker);
			const spans = connected(await receiver.waitFor(all => connected(all, traceId).length >= 3), traceId);
			const http = spans.find(s => s.service === "gateway" && s.kind === "SERVER");
			t.equal(http?.attributes["http.response.status_code"], 404);
			t.equal(http?.status.code, "UNSET");
			const rpc = spans.find(s => s.service === "catalog");
			t.equal(rpc?.status.code, "ERROR");
			t.equal(rpc?.attributes["error.type"], "NOT_FOUND");
			t.match(rpc?.events, [{ name: "exception" }]);
		});

		t.test("GET /traces, /traces/:id and /traces/:id/view serve this process's recent traces", async t => {
			const res = await fetch(`${base}/api/play/trk-1`);
			const traceId = res.headers.get("x-trace-id") ?? "";
			const list = (await (await fetch(`${base}/traces`)).json()) as { traces: TraceSummary[] };
			t.equal(list.traces[0]?.traceId, traceId, "newest first");
			t.match(list.traces[0], { name: "GET /api/play/:trackId", service: "gateway", spanCount: 4 });
			const listed = await fetch(`${base}/traces`);
			t.equal(listed.headers.get("x-trace-id"), null, "the trace pages are not traced themselves");
			const trace = (await (await fetch(`${base}/traces/${traceId}`)).json()) as TraceJson;
			t.equal(trace.spans.length, 4, "the catalog's span is in the other process's exporter, not here");
			t.ok(trace.spans.every(s => s.traceId === traceId));
			const view = await fetch(`${base}/traces/${traceId}/view`);
			t.equal(view.status, 200);
			t.match(view.headers.get("content-type"), /^text\/html/);
			const html = await view.text();
			t.match(html, /<!doctype html>/);
			t.match(html, traceId);
			t.match(html, "GET /api/play/:trackId");
			t.match(html, "v1.catalog/getTrack");
			t.equal((await fetch(`${base}/traces/0123456789abcdef0123456789abcdef`)).status, 404);
			t.equal((await fetch(`${base}/traces/not-an-id`)).status, 400);
		});
	}
);

t.test("with tracing off the gateway adds no trace headers and exports nothing", async t => {
	const receiver = await startOtlpReceiver(t);
	const broker = await startTestBroker(t, {
		tracing: false,
		services: [
			createGatewayService({ port: 0 }),
			(await import("../src/catalog/service.js")).createCatalogService(await openDemoCatalog(), { closeDatabaseOnStop: true })
		]
	});
	const res = await fetch(`http://127.0.0.1:${gatewayPort(broker)}/api/tracks/trk-1`);
	t.equal(res.status, 200);
	t.equal(res.headers.get("x-trace-id"), null);
	t.equal(res.headers.get("traceparent"), null);
	await flushTraces(broker);
	t.equal((await fetch(`http://127.0.0.1:${gatewayPort(broker)}/traces`)).status, 404);
	t.same(receiver.spans, []);
});

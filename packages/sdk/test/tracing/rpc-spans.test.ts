import t from "tap";
import { client, contextLogger, createBroker, defineContract, defineService } from "../../src/index.js";
import {
	extractTraceContext,
	injectTraceContext,
	startHttpServerSpan,
	startMessagingSpan,
	traceIdOf,
	traceStore
} from "../../src/tracing/index.js";
import { serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { PlaylistsV1, TracksV1, playlistsService, tracksV1Service } from "../support/tracks.js";
import { rejectionOf } from "../support/failures.js";
import { recordedSpans } from "../support/trace-assertions.js";
import { z } from "zod";

const SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

t.test("a nested call in process: client and server spans, children of the handler's span", async t => {
	const broker = await startTestBroker(t, { tracing: true, services: [tracksV1Service, playlistsService] });
	await client(broker, PlaylistsV1).addTrack({ playlistId: "p", trackId: "3" });
	const spans = recordedSpans(broker);
	t.equal(new Set(spans.map(s => s.traceId)).size, 1, "one trace");
	t.match(spans[0]?.traceId, /^[0-9a-f]{32}$/);
	const find = (name: string, kind: string) => {
		const span = spans.find(s => s.name === name && s.kind === kind);
		if (!span) throw new Error(`no ${kind} span ${name} in ${spans.map(s => `${s.kind} ${s.name}`).join(", ")}`);
		return span;
	};
	const rootClient = find("v1.playlists/addTrack", "CLIENT");
	const rootServer = find("v1.playlists/addTrack", "SERVER");
	t.equal(rootClient.parentSpanId, undefined, "the first client span is the root");
	t.equal(rootClient.service, "backbeat", "a call from outside any service carries the broker's name");
	t.equal(rootServer.parentSpanId, rootClient.spanId);
	t.equal(rootServer.service, "playlists");
	for (const method of ["get", "whoAmI"]) {
		const nestedClient = find(`v1.tracks/${method}`, "CLIENT");
		const nestedServer = find(`v1.tracks/${method}`, "SERVER");
		t.equal(nestedClient.parentSpanId, rootServer.spanId, `${method}: the nested call is a child of the handler's server span`);
		t.equal(nestedClient.service, "playlists");
		t.equal(nestedServer.parentSpanId, nestedClient.spanId);
		t.equal(nestedServer.service, "tracks");
		t.same(nestedServer.attributes, { "rpc.system": "moleculer", "rpc.service": "v1.tracks", "rpc.method": method });
	}
	t.equal(spans.length, 6);
});

t.test("a failed call: ERROR status, error.type and an exception event on both sides", async t => {
	const broker = await startTestBroker(t, { tracing: true, services: [tracksV1Service] });
	await rejectionOf(client(broker, TracksV1).get({ id: "missing" }));
	const spans = recordedSpans(broker);
	t.equal(spans.length, 2);
	for (const span of spans) {
		t.equal(span.status.code, "ERROR", span.kind);
		t.equal(span.status.message, "Track missing not found");
		t.equal(span.attributes["error.type"], "NOT_FOUND");
		t.match(span.events, [
			{ name: "exception", attributes: { "exception.type": "NOT_FOUND", "exception.message": "Track missing not found" } }
		]);
	}
});

t.test("sampling: ratio 0 records nothing; a sampled parent is honoured; ~half at 0.5", async t => {
	const none = await startTestBroker(t, { tracing: { sampleRatio: 0 }, services: [tracksV1Service, playlistsService] });
	await client(none, PlaylistsV1).addTrack({ playlistId: "p", trackId: "1" });
	t.same(traceStore(none)?.list(), [], "ratio 0: no spans");

	// An incoming sampled traceparent wins over the ratio (parent-based sampling).
	const http = startHttpServerSpan(none, { method: "GET", url: "/x", headers: { traceparent: SAMPLED } });
	t.ok(http?.sampled);
	await none.call("v1.playlists.addTrack", { playlistId: "p", trackId: "1" }, http?.bind({}));
	http?.end({ statusCode: 200 });
	const trace = traceStore(none)?.get("0af7651916cd43dd8448eb211c80319c");
	t.equal(trace?.spanCount, 5, "the HTTP span and every call under it");

	const all = await startTestBroker(t, { tracing: true, services: [tracksV1Service] });
	const unsampled = startHttpServerSpan(all, { headers: { traceparent: UNSAMPLED } });
	t.equal(unsampled?.sampled, false);
	t.equal(unsampled?.traceId, "0af7651916cd43dd8448eb211c80319c", "an unsampled trace keeps its id");
	await all.call("v1.tracks.get", { id: "1" }, unsampled?.bind({}));
	unsampled?.end({ statusCode: 200 });
	t.same(traceStore(all)?.list(), [], "an unsampled parent: no spans at ratio 1");

	const half = await startTestBroker(t, { tracing: { sampleRatio: 0.5, memory: { maxTraces: 1000 } }, services: [tracksV1Service] });
	for (let i = 0; i < 400; i++) await client(half, TracksV1).get({ id: "1" });
	const kept = traceStore(half)?.list() ?? [];
	t.ok(kept.length > 140 && kept.length < 260, `${kept.length} of 400 traces sampled at 0.5`);
	t.ok(
		kept.every(trace => trace.spanCount === 2),
		"a sampled trace is complete: the callee follows its parent"
	);
});

t.test("the memory store keeps the last N traces", async t => {
	const broker = await startTestBroker(t, { tracing: { memory: { maxTraces: 3 } }, services: [tracksV1Service] });
	const ids: string[] = [];
	for (let i = 0; i < 5; i++) {
		const http = startHttpServerSpan(broker, { headers: {} });
		if (!http) throw new Error("tracing is on");
		ids.push(http.traceId);
		await broker.call("v1.tracks.get", { id: String(i) }, http.bind({}));
		http.end({ statusCode: 200, route: "/tracks/:id" });
	}
	const list = traceStore(broker)?.list() ?? [];
	t.same(
		list.map(trace => trace.traceId),
		ids.slice(2).reverse(),
		"newest first, the two oldest dropped"
	);
	// The bound entry call runs inside the HTTP span and has no spans of its own (a gateway's `rest` action).
	t.match(list[0], { name: "GET /tracks/:id", service: "backbeat", spanCount: 1, errorCount: 0 });
	t.equal(traceStore(broker)?.get(ids[0] ?? ""), undefined);
});

t.test("logs from a handler carry trace_id and span_id", async t => {
	const Logs = defineContract({
		name: "logs",
		version: 1,
		actions: { write: { params: z.object({}), returns: z.object({ traceId: z.string().nullable() }) } }
	});
	const lines: unknown[][] = [];
	const service = defineService(Logs, {
		actions: {
			write(ctx) {
				const logger = contextLogger(ctx);
				// Recorded through the logger's own output path.
				const original = console.warn;
				console.warn = (...args: unknown[]) => lines.push(args);
				try {
					logger.warn("hello");
				} finally {
					console.warn = original;
				}
				return { traceId: traceIdOf(ctx) ?? null };
			}
		}
	});
	const traced = await startTestBroker(t, { tracing: true, services: [service] });
	const { traceId } = await client(traced, Logs).write({});
	const server = recordedSpans(traced).find(s => s.kind === "SERVER");
	t.ok(
		lines.some(
			args =>
				args.some(a => typeof a === "string" && a.includes(`trace_id=${traceId} span_id=${server?.spanId}`)) &&
				args.some(a => String(a).includes("hello"))
		),
		JSON.stringify(lines)
	);

	lines.length = 0;
	const plain = await startTestBroker(t, { services: [service] });
	t.same(await client(plain, Logs).write({}), { traceId: null });
	t.notOk(
		lines.some(args => args.some(a => String(a).includes("trace_id="))),
		"no ids without tracing"
	);
});

t.test("hooks for messages: inject/extract through plain headers, create/send/process spans with links", async t => {
	const broker = await startTestBroker(t, { tracing: true });
	const create = startMessagingSpan(broker, "create", { system: "backbeat-outbox", destination: "playlists.events", messageId: "e1" });
	const row = injectTraceContext(create);
	create.end();
	t.match(row["traceparent"], /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
	const created = extractTraceContext(row);
	t.equal(created?.traceId, create.spanContext().traceId);
	t.equal(created?.isRemote, true);

	const send = startMessagingSpan(broker, "send", { system: "nats", destination: "playlists.events", links: created ? [created] : [] });
	const message = injectTraceContext(send, { "content-type": "application/json" });
	send.end();
	const process = startMessagingSpan(broker, "process", {
		system: "nats",
		destination: "playlists.events",
		consumerGroup: "audit",
		...(created ? { parent: created, links: [created] } : {})
	});
	process.end();
	t.equal(message["content-type"], "application/json", "other headers are kept");

	const spans = recordedSpans(broker);
	const byName = (name: string) => spans.find(s => s.name === name);
	t.match(byName("create playlists.events"), {
		kind: "PRODUCER",
		attributes: { "messaging.operation.type": "create", "messaging.message.id": "e1", "messaging.system": "backbeat-outbox" }
	});
	t.match(byName("send playlists.events"), { kind: "CLIENT", links: [{ spanId: create.spanContext().spanId }] });
	t.match(byName("process playlists.events"), {
		kind: "CONSUMER",
		parentSpanId: create.spanContext().spanId,
		links: [{ spanId: create.spanContext().spanId }],
		attributes: { "messaging.consumer.group.name": "audit" }
	});
	t.equal(extractTraceContext({ traceparent: "00-zz-yy-01" }), undefined, "a malformed traceparent is no context");
	t.equal(extractTraceContext({ traceparent: ["nonsense"] }), undefined);
	t.same(injectTraceContext(createBroker({ logLevel: "error" }), {}), {}, "without tracing nothing is written");
});

t.test("over NATS: the callee follows the caller's sampling decision", { skip: await skipUnlessServer("nats") }, async t => {
	const namespace = uniqueNamespace();
	const transporter = serverUrl("nats");
	const calleeAll = await startTestBroker(t, { transporter, namespace, tracing: { sampleRatio: 1 }, services: [tracksV1Service] });
	const callerNone = await startTestBroker(t, { transporter, namespace, tracing: { sampleRatio: 0 } });
	await callerNone.waitForServices(["v1.tracks"], 10_000);
	await client(callerNone, TracksV1).get({ id: "1" });
	t.same(recordedSpans(calleeAll, callerNone), [], "an unsampled caller: the callee records nothing at ratio 1");

	const namespace2 = uniqueNamespace();
	const calleeNone = await startTestBroker(t, {
		transporter,
		namespace: namespace2,
		tracing: { sampleRatio: 0 },
		services: [tracksV1Service]
	});
	const callerAll = await startTestBroker(t, { transporter, namespace: namespace2, tracing: { sampleRatio: 1 } });
	await callerAll.waitForServices(["v1.tracks"], 10_000);
	await client(callerAll, TracksV1).get({ id: "1" });
	const [clientSpan] = recordedSpans(callerAll);
	const [serverSpan] = recordedSpans(calleeNone);
	t.equal(serverSpan?.parentSpanId, clientSpan?.spanId, "a sampled caller: the callee records its span at ratio 0, as a child");
	t.equal(serverSpan?.traceId, clientSpan?.traceId);
});

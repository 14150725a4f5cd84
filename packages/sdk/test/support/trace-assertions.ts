import type { Test } from "tap";
import type { BackbeatBroker } from "../../src/index.js";
import { traceStore, type SpanJson } from "../../src/tracing/index.js";

/** Every span both brokers recorded (one broker in process), each once. */
export function recordedSpans(...brokers: BackbeatBroker[]): SpanJson[] {
	const spans = new Map<string, SpanJson>();
	for (const broker of new Set(brokers)) {
		const store = traceStore(broker);
		for (const summary of store?.list() ?? [])
			for (const span of store?.get(summary.traceId)?.spans ?? []) spans.set(span.spanId, span);
	}
	return [...spans.values()];
}

/**
 * After `playlists.addTrack` (which calls `tracks.get` and `tracks.whoAmI`)
 * from the caller: one trace of six spans, a client span on the caller and a
 * server span on the callee per call, every span but the root parented
 * inside the trace, and the callee's entry span a child of the caller's.
 */
export function assertOneTraceAcross(t: Test, caller: BackbeatBroker, callee: BackbeatBroker): void {
	const spans = recordedSpans(caller, callee);
	t.equal(spans.length, 6, spans.map(s => `${s.kind} ${s.name}`).join(", "));
	t.equal(new Set(spans.map(s => s.traceId)).size, 1, "one trace id");
	const ids = new Set(spans.map(s => s.spanId));
	const roots = spans.filter(s => s.parentSpanId === undefined);
	t.equal(roots.length, 1, "one root");
	t.ok(
		spans.every(s => s.parentSpanId === undefined || ids.has(s.parentSpanId)),
		"no orphans"
	);
	const entryClient = spans.find(s => s.kind === "CLIENT" && s.name === "v1.playlists/addTrack");
	const entryServer = spans.find(s => s.kind === "SERVER" && s.name === "v1.playlists/addTrack");
	t.equal(entryServer?.parentSpanId, entryClient?.spanId, "the callee continued the caller's span");
	t.equal(spans.filter(s => s.kind === "CLIENT").length, 3);
	t.equal(spans.filter(s => s.kind === "SERVER").length, 3);
	const callerIds = new Set(recordedSpans(caller).map(s => s.spanId));
	t.ok(entryClient && callerIds.has(entryClient.spanId), "the client span was recorded by the caller");
}

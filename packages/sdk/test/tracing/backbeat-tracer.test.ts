import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type SpanContext } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import t from "tap";
import { BackbeatTracer, isSampled } from "../../src/tracing/backbeat-tracer.js";
import { RecordedSpan } from "../../src/tracing/recorded-span.js";
import { shareAttributes, SPAN_LIMITS } from "../../src/tracing/span-attributes.js";
import { toHrTime } from "../../src/tracing/span-clock.js";
import { newSpanId, newTraceId } from "../../src/tracing/id-generator.js";

function tracerWith(ratio: number, parentBased = true): { tracer: BackbeatTracer; ended: RecordedSpan[] } {
	const ended: RecordedSpan[] = [];
	const tracer = new BackbeatTracer(
		{ ratio, parentBased },
		{ resource: resourceFromAttributes({ "service.name": "probe" }), scope: { name: "test" }, onEnd: span => ended.push(span) }
	);
	return { tracer, ended };
}

const remoteParent = (sampled: boolean): SpanContext => ({
	traceId: "0af7651916cd43dd8448eb211c80319c",
	spanId: "b7ad6b7169203331",
	traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
	isRemote: true
});
const under = (parent: SpanContext) => trace.setSpanContext(ROOT_CONTEXT, parent);

t.test("a root span: new 32-hex trace id, 16-hex span id, sampled flag, handed over once when it ends", async t => {
	const { tracer, ended } = tracerWith(1);
	const span = tracer.startSpan("work", { kind: SpanKind.SERVER, attributes: { "a.b": 1 } }, ROOT_CONTEXT);
	t.ok(span instanceof RecordedSpan);
	t.match(span.spanContext(), { traceId: /^[0-9a-f]{32}$/, spanId: /^[0-9a-f]{16}$/, traceFlags: TraceFlags.SAMPLED });
	t.ok(span.isRecording());
	span.end();
	span.end();
	t.equal(ended.length, 1, "ending twice hands the span over once");
	const done = ended[0]!;
	t.equal(done.kind, SpanKind.SERVER);
	t.equal(done.parentSpanContext, undefined);
	t.same(done.attributes, { "a.b": 1 });
	t.same(done.resource.attributes, { "service.name": "probe" });
	t.notOk(done.isRecording(), "an ended span records nothing more");
});

t.test("a child keeps the parent's trace id and trace state, and points at it", async t => {
	const { tracer } = tracerWith(1);
	const parent = tracer.startSpan("parent", {}, ROOT_CONTEXT);
	const child = tracer.startSpan("child", {}, trace.setSpan(ROOT_CONTEXT, parent)) as RecordedSpan;
	t.equal(child.spanContext().traceId, parent.spanContext().traceId);
	t.not(child.spanContext().spanId, parent.spanContext().spanId);
	t.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId);
	t.equal(
		tracer.startSpan("root", { root: true }, trace.setSpan(ROOT_CONTEXT, parent)).spanContext().traceId ===
			parent.spanContext().traceId,
		false,
		"root: true starts a new trace"
	);
});

t.test("parent-based sampling follows the parent; a ratio alone decides by trace id", async t => {
	const { tracer, ended } = tracerWith(0);
	const followed = tracer.startSpan("followed", {}, under(remoteParent(true)));
	t.ok(followed.isRecording(), "sampled parent, ratio 0: recorded");
	t.equal(followed.spanContext().traceId, remoteParent(true).traceId);
	const skipped = tracer.startSpan("skipped", {}, under(remoteParent(false)));
	t.notOk(skipped.isRecording(), "unsampled parent: not recorded");
	t.equal(skipped.spanContext().traceFlags, TraceFlags.NONE);
	t.equal(skipped.spanContext().traceId, remoteParent(false).traceId, "the trace id still travels on");
	skipped.end();
	followed.end();
	t.equal(ended.length, 1, "only the recorded span reaches the processors");

	const ratioOnly = { ratio: 0.5, parentBased: false };
	const withTraceId = (sampled: boolean, low: string) => ({
		...remoteParent(sampled),
		traceId: remoteParent(sampled).traceId.slice(0, 24) + low
	});
	t.equal(isSampled(ratioOnly, withTraceId(false, "00000001")), true, "not parent-based: a low trace id is in the 50 %");
	t.equal(isSampled(ratioOnly, withTraceId(true, "ffffffff")), false, "not parent-based: a high trace id is out, whatever the parent");
	const notParentBased = tracerWith(0.5, false).tracer;
	t.equal(notParentBased.startSpan("ratio", {}, under(withTraceId(true, "ffffffff"))).isRecording(), false, "the tracer applies it");
	t.equal(notParentBased.startSpan("ratio", {}, under(withTraceId(false, "00000001"))).isRecording(), true);
});

t.test("ratio sampling keeps about that share of new traces, the same decision for the same trace id", async t => {
	const { tracer } = tracerWith(0.25);
	let recorded = 0;
	for (let i = 0; i < 4000; i++) if (tracer.startSpan("x", {}, ROOT_CONTEXT).isRecording()) recorded++;
	t.ok(recorded > 800 && recorded < 1200, `about 1,000 of 4,000 recorded (got ${recorded})`);
	const lowOf = (span: { spanContext(): SpanContext }) => Number.parseInt(span.spanContext().traceId.slice(24), 16);
	for (let i = 0; i < 200; i++) {
		const span = tracer.startSpan("x", {}, ROOT_CONTEXT);
		t.equal(span.isRecording(), lowOf(span) < 0.25 * 2 ** 32, "a new trace is decided by its id's last 8 hex digits");
	}
	const policy = { ratio: 0.25, parentBased: false };
	const parent = remoteParent(true);
	t.equal(isSampled(policy, parent), isSampled(policy, { ...parent, spanId: "00f067aa0ba902b7" }), "same trace id, same decision");
	t.equal(isSampled({ ratio: 0, parentBased: false }, { ...parent, traceId: `${"0".repeat(31)}1` }), false);
	t.equal(isSampled({ ratio: 1, parentBased: false }, { ...parent, traceId: "f".repeat(32) }), true);
});

t.test("suppressed tracing gives an invalid, non-recording span", async t => {
	const { tracer } = tracerWith(1);
	const span = tracer.startSpan("hidden", {}, suppressTracing(ROOT_CONTEXT));
	t.notOk(span.isRecording());
	t.equal(trace.isSpanContextValid(span.spanContext()), false);
});

t.test("attributes: invalid values dropped, arrays copied, the count limit kept and counted", async t => {
	const { tracer } = tracerWith(1);
	const span = tracer.startSpan("a", {}, ROOT_CONTEXT) as RecordedSpan;
	const list = ["x", "y"];
	span.setAttributes({ list, ok: true, nested: { no: 1 } as never, mixed: [1, "a"] as never, "": "empty key" });
	list.push("z");
	span.setAttribute("n", 1).setAttribute("n", 2);
	t.same(span.attributes, { list: ["x", "y"], ok: true, n: 2 });
	for (let i = 0; i < SPAN_LIMITS.attributes + 5; i++) span.setAttribute(`k${i}`, i);
	t.equal(Object.keys(span.attributes).length, SPAN_LIMITS.attributes);
	t.equal(span.droppedAttributesCount, 3 + 5);
	span.setAttribute("n", 3);
	t.equal(span.attributes["n"], 3, "an existing key can still change at the limit");
});

t.test("events, links, exceptions and status follow the specification", async t => {
	const { tracer } = tracerWith(1);
	const linked = remoteParent(true);
	const span = tracer.startSpan("e", { links: [{ context: linked, attributes: { why: "batch" } }] }, ROOT_CONTEXT) as RecordedSpan;
	span.addEvent("plain");
	span.addEvent("timed", [1_700_000_000, 5]);
	span.addEvent("with attributes", { size: 3 }, new Date(1_700_000_000_000));
	span.recordException(Object.assign(new Error("boom"), { name: "TypeError" }));
	span.recordException("just text");
	t.same(
		span.events.map(e => e.name),
		["plain", "timed", "with attributes", "exception", "exception"]
	);
	t.same(span.events[1]!.time, [1_700_000_000, 5]);
	t.same(span.events[2]!.time, [1_700_000_000, 0]);
	t.same(span.events[2]!.attributes, { size: 3 });
	t.match(span.events[3]!.attributes, { "exception.type": "TypeError", "exception.message": "boom", "exception.stacktrace": /boom/ });
	t.same(span.events[4]!.attributes, { "exception.message": "just text" });
	t.match(span.links, [{ context: linked, attributes: { why: "batch" } }]);

	span.setStatus({ code: SpanStatusCode.ERROR, message: "failed" });
	span.setStatus({ code: SpanStatusCode.UNSET });
	t.same(span.status, { code: SpanStatusCode.ERROR, message: "failed" }, "UNSET never replaces a status");
	span.setStatus({ code: SpanStatusCode.OK, message: "ignored for OK" });
	span.setStatus({ code: SpanStatusCode.ERROR });
	t.same(span.status, { code: SpanStatusCode.OK }, "OK is final and carries no message");

	for (let i = 0; i < SPAN_LIMITS.events; i++) span.addEvent(`e${i}`);
	t.equal(span.events.length, SPAN_LIMITS.events);
	t.equal(span.droppedEventsCount, 5);
	span.updateName("renamed");
	span.end();
	span.updateName("after the end");
	span.setAttribute("late", 1);
	t.equal(span.name, "renamed");
	t.equal(span.attributes["late"], undefined);
});

t.test("times: explicit start and end, never a negative duration", async t => {
	const { tracer } = tracerWith(1);
	const span = tracer.startSpan("t", { startTime: new Date(1_700_000_000_000) }, ROOT_CONTEXT) as RecordedSpan;
	t.same(span.endTime, [0, 0], "no end time before the end");
	span.end([1_700_000_000, 250_000_000]);
	t.same(span.startTime, [1_700_000_000, 0]);
	t.same(span.endTime, [1_700_000_000, 250_000_000]);
	t.same(span.duration, [0, 250_000_000]);
	t.equal(span.durationMs, 250);

	const backwards = tracer.startSpan("b", { startTime: 1_700_000_001_000 }, ROOT_CONTEXT) as RecordedSpan;
	backwards.end(1_700_000_000_000);
	t.same(backwards.duration, [0, 0]);
	// (At today's epoch a double has no digits below ~0.2 µs, so the carry is checked near zero.)
	t.same(toHrTime(999.9999999), [1, 0], "rounding up to a whole second carries");
});

t.test("startActiveSpan hands the new span to the function and returns its result, in each form", async t => {
	const { tracer, ended } = tracerWith(1);
	const returned = tracer.startActiveSpan("active", span => {
		span.end();
		return (span as RecordedSpan).name;
	});
	t.equal(returned, "active");
	t.equal(ended.length, 1);
	const withKind = tracer.startActiveSpan("k", { kind: SpanKind.SERVER }, span => {
		span.end();
		return (span as RecordedSpan).kind;
	});
	t.equal(withKind, SpanKind.SERVER);
	const withOptions = tracer.startActiveSpan("o", { kind: SpanKind.CLIENT }, ROOT_CONTEXT, span => {
		span.end();
		return (span as RecordedSpan).kind;
	});
	t.equal(withOptions, SpanKind.CLIENT);
});

t.test("shared attributes: checked once, kept by reference, copied on a span's first change", async t => {
	const { tracer } = tracerWith(1);
	const source = { "rpc.system": "moleculer", invalid: { nested: true } as never };
	const shared = shareAttributes(source);
	t.same(shared, { "rpc.system": "moleculer" }, "invalid values dropped when shared");
	t.ok(Object.isFrozen(shared));
	const first = tracer.startSpan("a", { attributes: shared }, ROOT_CONTEXT) as RecordedSpan;
	const second = tracer.startSpan("b", { attributes: shared }, ROOT_CONTEXT) as RecordedSpan;
	t.equal(first.attributes, shared, "no copy at the start");
	first.setAttribute("error.type", "NOT_FOUND");
	t.same(first.attributes, { "rpc.system": "moleculer", "error.type": "NOT_FOUND" });
	t.same(second.attributes, { "rpc.system": "moleculer" }, "the other span is unchanged");
	t.same(shared, { "rpc.system": "moleculer" }, "the shared set is unchanged");
	const plain = { n: 1 };
	const copied = tracer.startSpan("c", { attributes: plain }, ROOT_CONTEXT) as RecordedSpan;
	plain.n = 2;
	t.equal(copied.attributes["n"], 1, "attributes that are not shared are copied at the start");
});

t.test("ids: W3C format, unique across many refills of the random pool", async t => {
	const traceIds = new Set<string>();
	const spanIds = new Set<string>();
	for (let i = 0; i < 5000; i++) {
		traceIds.add(newTraceId());
		spanIds.add(newSpanId());
	}
	t.equal(traceIds.size, 5000);
	t.equal(spanIds.size, 5000);
	t.ok([...traceIds].every(id => /^[0-9a-f]{32}$/.test(id) && id !== "0".repeat(32)));
	t.ok([...spanIds].every(id => /^[0-9a-f]{16}$/.test(id) && id !== "0".repeat(16)));
});

import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import t from "tap";
import { extractContext, HEADER_GETTER, parseTraceparentV00, W3C } from "../../src/tracing/propagation.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

// The fast path must accept and refuse exactly what OpenTelemetry's propagator does.
const CASES: readonly unknown[] = [
	`00-${TRACE}-${SPAN}-01`,
	`00-${TRACE}-${SPAN}-00`,
	`00-${TRACE}-${SPAN}-09`,
	`00-${TRACE.toUpperCase()}-${SPAN}-01`,
	`00-${"0".repeat(32)}-${SPAN}-01`,
	`00-${TRACE}-${"0".repeat(16)}-01`,
	`ff-${TRACE}-${SPAN}-01`,
	`01-${TRACE}-${SPAN}-01-extra`,
	`00-${TRACE}-${SPAN}-01-extra`,
	` 00-${TRACE}-${SPAN}-01`,
	`00-${TRACE}-${SPAN}-0g`,
	`00-${TRACE}-${SPAN}-1`,
	`00_${TRACE}-${SPAN}-01`,
	`00-${TRACE.slice(1)}x-${SPAN}-01`,
	[`00-${TRACE}-${SPAN}-01`],
	42,
	undefined,
	""
];

t.test("the fast traceparent path agrees with OpenTelemetry's propagator", async t => {
	for (const value of CASES) {
		const headers = { traceparent: value };
		const fast = trace.getSpanContext(extractContext(headers));
		const reference = trace.getSpanContext(W3C.extract(ROOT_CONTEXT, headers, HEADER_GETTER));
		t.same(fast && { ...fast, traceState: undefined }, reference && { ...reference, traceState: undefined }, JSON.stringify(value));
	}
});

t.test("only a plain version-00 value takes the fast path; a trace state goes to the propagator", async t => {
	t.same(parseTraceparentV00(`00-${TRACE}-${SPAN}-01`), { traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
	t.equal(parseTraceparentV00(`01-${TRACE}-${SPAN}-01`), undefined);
	const withState = trace.getSpanContext(extractContext({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: "vendor=abc" }));
	t.equal(withState?.traceState?.get("vendor"), "abc");
	const repeated = trace.getSpanContext(extractContext({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: ["a=1", "b=2"] }));
	t.equal(repeated?.traceState?.serialize(), "a=1,b=2", "repeated tracestate headers are merged, as the propagator does");
});

import type { ReceivedSpan } from "../../src/testing/index.js";

/** The spans of one trace. */
export function spansOf(spans: readonly ReceivedSpan[], traceId: string): ReceivedSpan[] {
	return spans.filter(s => s.traceId === traceId);
}

/** Spans of `trace` with neither a parent nor a link inside it, other than its one root; and the roots. */
export function disconnected(trace: readonly ReceivedSpan[]): { roots: ReceivedSpan[]; orphans: ReceivedSpan[] } {
	const ids = new Set(trace.map(s => s.spanId));
	const roots = trace.filter(s => s.parentSpanId === undefined && !s.links.some(l => ids.has(l.spanId)));
	const orphans = trace.filter(s => s.parentSpanId !== undefined && !ids.has(s.parentSpanId) && !s.links.some(l => ids.has(l.spanId)));
	return { roots, orphans };
}

/** The one span matching, or an error naming what the trace holds. */
export function only(trace: readonly ReceivedSpan[], match: (s: ReceivedSpan) => boolean, what: string): ReceivedSpan {
	const found = trace.filter(match);
	if (found.length !== 1)
		throw new Error(`expected one ${what}, found ${found.length} in: ${trace.map(s => `${s.service} ${s.kind} ${s.name}`).join(", ")}`);
	return found[0] as ReceivedSpan;
}

import { SpanKind, SpanStatusCode, type AttributeValue, type Context } from "@opentelemetry/api";
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "./semconv.js";

export type SpanKindName = "INTERNAL" | "SERVER" | "CLIENT" | "PRODUCER" | "CONSUMER";

/** One finished span, as the gateway serves it. Times are milliseconds since the epoch. */
export interface SpanJson {
	readonly traceId: string;
	readonly spanId: string;
	/** Absent for the root span of a trace (or a span whose parent is in another process that does not export here). */
	readonly parentSpanId?: string;
	readonly name: string;
	readonly kind: SpanKindName;
	/** `service.name` of the span's resource. */
	readonly service: string;
	readonly startTimeMs: number;
	readonly durationMs: number;
	readonly status: { readonly code: "UNSET" | "OK" | "ERROR"; readonly message?: string };
	readonly attributes: Readonly<Record<string, AttributeValue>>;
	readonly events: ReadonlyArray<{
		readonly name: string;
		readonly timeMs: number;
		readonly attributes: Readonly<Record<string, AttributeValue>>;
	}>;
	readonly links: ReadonlyArray<{
		readonly traceId: string;
		readonly spanId: string;
		readonly attributes: Readonly<Record<string, AttributeValue>>;
	}>;
}

/** A trace's summary: what `GET /traces` lists. */
export interface TraceSummary {
	readonly traceId: string;
	/** Name of the root span (the earliest span when the root is elsewhere). */
	readonly name: string;
	readonly service: string;
	readonly startTimeMs: number;
	readonly durationMs: number;
	readonly spanCount: number;
	readonly errorCount: number;
}

/** A whole trace: its summary and every span, earliest first. */
export interface TraceJson extends TraceSummary {
	readonly spans: readonly SpanJson[];
}

const KIND_NAMES: Readonly<Record<SpanKind, SpanKindName>> = {
	[SpanKind.INTERNAL]: "INTERNAL",
	[SpanKind.SERVER]: "SERVER",
	[SpanKind.CLIENT]: "CLIENT",
	[SpanKind.PRODUCER]: "PRODUCER",
	[SpanKind.CONSUMER]: "CONSUMER"
};

const STATUS_NAMES = { [SpanStatusCode.UNSET]: "UNSET", [SpanStatusCode.OK]: "OK", [SpanStatusCode.ERROR]: "ERROR" } as const;

/** A trace with very many spans (a batch job) keeps its first ones only, so one trace can't eat the memory of all. */
const MAX_SPANS_PER_TRACE = 1000;

/**
 * The last `maxTraces` traces, in memory. Spans are kept as the SDK made
 * them and turned into JSON only when read. It is a span processor (what a
 * broker uses: no batching or copying on the hot path) and a span exporter
 * (to put behind any processor).
 */
export class TraceStore implements SpanProcessor, SpanExporter {
	// A Map iterates in insertion order: the first key is the oldest trace.
	private readonly traces = new Map<string, ReadableSpan[]>();
	// The same trace ids in a ring, oldest at `next`: eviction needs no Map iterator per new trace.
	private readonly ring: string[] = [];
	private next = 0;
	// The spans of one call end one after another: remembering the last trace skips most Map lookups.
	private lastTraceId = "";
	private lastSpans: ReadableSpan[] | undefined;

	constructor(readonly maxTraces = 100) {}

	/** Adds one finished span; a new trace beyond `maxTraces` drops the oldest. */
	add(span: ReadableSpan): void {
		const traceId = span.spanContext().traceId;
		let spans = traceId === this.lastTraceId ? this.lastSpans : this.traces.get(traceId);
		if (!spans) {
			spans = [];
			const oldest = this.ring[this.next];
			if (oldest !== undefined) this.traces.delete(oldest);
			this.ring[this.next] = traceId;
			this.next = (this.next + 1) % this.maxTraces;
			this.traces.set(traceId, spans);
		}
		this.lastTraceId = traceId;
		this.lastSpans = spans;
		if (spans.length < MAX_SPANS_PER_TRACE) spans.push(span);
	}

	/** Summaries of the kept traces, newest first. */
	list(): TraceSummary[] {
		const summaries: TraceSummary[] = [];
		for (const [traceId, spans] of this.traces) summaries.push(summarize(traceId, spans.map(toSpanJson)));
		return summaries.reverse();
	}

	/** One trace with its spans, or undefined when it is unknown or was dropped. */
	get(traceId: string): TraceJson | undefined {
		const spans = this.traces.get(traceId.toLowerCase());
		if (!spans) return undefined;
		const json = spans.map(toSpanJson).sort((a, b) => a.startTimeMs - b.startTimeMs);
		return { ...summarize(traceId.toLowerCase(), json), spans: json };
	}

	clear(): void {
		this.traces.clear();
		this.ring.length = 0;
		this.next = 0;
		this.lastTraceId = "";
		this.lastSpans = undefined;
	}

	// SpanProcessor
	onStart(_span: Span, _parentContext: Context): void {}
	onEnd(span: ReadableSpan): void {
		this.add(span);
	}
	forceFlush(): Promise<void> {
		return Promise.resolve();
	}
	// SpanExporter
	export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
		for (const span of spans) this.add(span);
		resultCallback({ code: ExportResultCode.SUCCESS });
	}
	shutdown(): Promise<void> {
		return Promise.resolve();
	}
}

export function toSpanJson(span: ReadableSpan): SpanJson {
	const context = span.spanContext();
	const startTimeMs = hrTimeToMilliseconds(span.startTime);
	const json: SpanJson = {
		traceId: context.traceId,
		spanId: context.spanId,
		...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
		name: span.name,
		kind: KIND_NAMES[span.kind],
		service: String(span.resource.attributes[ATTR_SERVICE_NAME] ?? "unknown"),
		startTimeMs,
		durationMs: hrTimeToMilliseconds(span.duration),
		status: { code: STATUS_NAMES[span.status.code], ...(span.status.message ? { message: span.status.message } : {}) },
		attributes: defined(span.attributes),
		events: span.events.map(event => ({
			name: event.name,
			timeMs: hrTimeToMilliseconds(event.time),
			attributes: defined(event.attributes ?? {})
		})),
		links: span.links.map(link => ({
			traceId: link.context.traceId,
			spanId: link.context.spanId,
			attributes: defined(link.attributes ?? {})
		}))
	};
	return json;
}

function defined(attributes: Readonly<Record<string, AttributeValue | undefined>>): Record<string, AttributeValue> {
	const out: Record<string, AttributeValue> = {};
	for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
	return out;
}

function summarize(traceId: string, spans: readonly SpanJson[]): TraceSummary {
	const ids = new Set(spans.map(s => s.spanId));
	let root: SpanJson | undefined;
	let start = Number.POSITIVE_INFINITY;
	let end = 0;
	let errorCount = 0;
	for (const span of spans) {
		start = Math.min(start, span.startTimeMs);
		end = Math.max(end, span.startTimeMs + span.durationMs);
		if (span.status.code === "ERROR") errorCount++;
		const isRoot = span.parentSpanId === undefined || !ids.has(span.parentSpanId);
		if (isRoot && (!root || span.startTimeMs < root.startTimeMs)) root = span;
	}
	return {
		traceId,
		name: root?.name ?? "",
		service: root?.service ?? "",
		startTimeMs: spans.length ? start : 0,
		durationMs: spans.length ? end - start : 0,
		spanCount: spans.length,
		errorCount
	};
}

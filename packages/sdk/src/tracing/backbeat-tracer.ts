import {
	context as otelContext,
	INVALID_SPAN_CONTEXT,
	isSpanContextValid,
	SpanKind,
	trace,
	TraceFlags,
	type Context,
	type Span,
	type SpanContext,
	type SpanOptions,
	type Tracer
} from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import { newSpanId, newTraceId } from "./id-generator.js";
import { RecordedSpan, type SpanOrigin } from "./recorded-span.js";
import type { SamplingPolicy } from "./resolve-tracing.js";

// Ratio sampling reads the trace id's last 8 hex digits (a part W3C Trace
// Context level 2 asks to be random): the same trace id gets the same
// decision in every process, whatever the order its spans start in.
const LOW_BITS = 0x1_0000_0000;

/** Whether a trace id falls in the sampled share; at 0 and 1 the answer needs no parsing. */
function inRatio(ratio: number, traceId: string): boolean {
	return ratio >= 1 || (ratio > 0 && Number.parseInt(traceId.slice(24), 16) < ratio * LOW_BITS);
}

/** Whether a span under `parent` (a valid one) is recorded: the parent's decision when sampling is parent-based, else the ratio on its trace id. */
export function isSampled(policy: SamplingPolicy, parent: SpanContext): boolean {
	if (policy.parentBased) return (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
	return inRatio(policy.ratio, parent.traceId);
}

/**
 * An OpenTelemetry `Tracer` for one service's spans. The SDK's own tracer
 * builds a span through samplers, id generators, processors and limits
 * objects; a traced call makes two spans, so that path was most of the cost
 * of tracing a call (the tracing benchmark's figures). This one decides
 * sampling first, so an unsampled span costs a span id and a small object,
 * and a sampled one is a `RecordedSpan` handed to `origin.onEnd` when it
 * ends. Exporters, processors and the API are OpenTelemetry's.
 */
export class BackbeatTracer implements Tracer {
	constructor(
		private readonly sampling: SamplingPolicy,
		private readonly origin: SpanOrigin
	) {}

	startSpan(name: string, options: SpanOptions = {}, context: Context = otelContext.active()): Span {
		if (isTracingSuppressed(context)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
		const parentSpan = options.root ? undefined : trace.getSpan(context);
		const candidate = parentSpan?.spanContext();
		// Spans recorded here have valid ids by construction: only foreign contexts need the (regex) check.
		const parent =
			candidate !== undefined && (parentSpan instanceof RecordedSpan || isSpanContextValid(candidate)) ? candidate : undefined;
		let traceId: string;
		let sampled: boolean;
		if (parent) {
			traceId = parent.traceId;
			sampled = isSampled(this.sampling, parent);
		} else {
			traceId = newTraceId();
			sampled = inRatio(this.sampling.ratio, traceId);
		}
		const spanContext: SpanContext = { traceId, spanId: newSpanId(), traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE };
		if (parent?.traceState !== undefined) spanContext.traceState = parent.traceState;
		if (!sampled) return trace.wrapSpanContext(spanContext);
		return new RecordedSpan(
			{
				name,
				kind: options.kind ?? SpanKind.INTERNAL,
				context: spanContext,
				parent,
				attributes: options.attributes,
				links: options.links,
				startTime: options.startTime
			},
			this.origin
		);
	}

	startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
	startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
	startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
	startActiveSpan<F extends (span: Span) => unknown>(
		name: string,
		...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
	): ReturnType<F> {
		const fn = rest[rest.length - 1] as (span: Span) => ReturnType<F>;
		const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
		const parent = rest.length > 2 ? (rest[1] as Context) : otelContext.active();
		const span = this.startSpan(name, options, parent);
		return otelContext.with(trace.setSpan(parent, span), fn, undefined, span);
	}
}

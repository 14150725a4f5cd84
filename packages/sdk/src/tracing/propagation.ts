import {
	ROOT_CONTEXT,
	isSpanContextValid,
	trace,
	type Context as OtelContext,
	type Span,
	type SpanContext,
	type TextMapGetter
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { CallSource } from "../context/call-source.js";
import { contextOfSource } from "./context-span.js";
import { contextWithSpan } from "./span-context.js";

export const TRACEPARENT = "traceparent";
export const TRACESTATE = "tracestate";

/** Parses and validates W3C Trace Context; a malformed `traceparent` yields no parent (a new trace). */
export const W3C = new W3CTraceContextPropagator();

/** Headers as Moleculer, HTTP servers and message brokers hand them over: values may be strings, arrays or anything. */
export type HeaderCarrier = Readonly<Record<string, unknown>>;

export const HEADER_GETTER: TextMapGetter<HeaderCarrier | undefined> = {
	keys: carrier => (carrier ? Object.keys(carrier) : []),
	get(carrier, key) {
		const value = carrier?.[key];
		if (typeof value === "string") return value;
		if (Array.isArray(value) && value.every(v => typeof v === "string")) return value as string[];
		return undefined;
	}
};

/** `00-<trace id>-<span id>-<flags>`, built directly: this runs on every traced call. */
export function formatTraceparent(spanContext: SpanContext): string {
	return `00-${spanContext.traceId}-${spanContext.spanId}-0${spanContext.traceFlags & 1}`;
}

function isSpan(value: object): value is Span {
	return typeof (value as Partial<Span>).spanContext === "function";
}

function isSpanContext(value: object): value is SpanContext {
	return typeof (value as Partial<SpanContext>).traceId === "string" && typeof (value as Partial<SpanContext>).spanId === "string";
}

function spanContextFrom(from: CallSource | Span | SpanContext): SpanContext | undefined {
	if (isSpan(from)) return from.spanContext();
	if (isSpanContext(from)) return from;
	return trace.getSpanContext(contextOfSource(from));
}

/**
 * Writes a trace context into a plain headers object as W3C `traceparent`
 * (and `tracestate`), for anything that carries headers: an outbox row, a
 * channel message, an outgoing HTTP request. `from` is a handler's `ctx` (its
 * current span), a broker (OpenTelemetry's active context), a span or a span
 * context. Without a valid trace context nothing is written. Returns `headers`.
 */
export function injectTraceContext<H extends Record<string, string>>(from: CallSource | Span | SpanContext, headers: H): H;
export function injectTraceContext(from: CallSource | Span | SpanContext): Record<string, string>;
export function injectTraceContext(from: CallSource | Span | SpanContext, headers: Record<string, string> = {}): Record<string, string> {
	const spanContext = spanContextFrom(from);
	if (!spanContext || !isSpanContextValid(spanContext)) return headers;
	headers[TRACEPARENT] = formatTraceparent(spanContext);
	const state = spanContext.traceState?.serialize();
	if (state) headers[TRACESTATE] = state;
	return headers;
}

/**
 * Reads the W3C trace context from plain headers (an outbox row, a message,
 * an HTTP request). Undefined when there is none or it is malformed, so the
 * receiver starts a new trace. The result is a remote span context, usable
 * as a parent or a link of the messaging spans.
 */
export function extractTraceContext(headers: HeaderCarrier | undefined): SpanContext | undefined {
	return trace.getSpanContext(extractContext(headers));
}

/** The same, as an OpenTelemetry context to start spans in. */
export function extractContext(headers: HeaderCarrier | undefined): OtelContext {
	const fast = headers?.[TRACESTATE] === undefined ? parseTraceparentV00(headers?.[TRACEPARENT]) : undefined;
	if (fast) return contextWithSpan(trace.wrapSpanContext(fast));
	// Other versions, arrays, whitespace, a trace state: OpenTelemetry's propagator has every rule.
	return W3C.extract(ROOT_CONTEXT, headers, HEADER_GETTER);
}

const DASH = 0x2d;

const INVALID = 0;
const ALL_ZERO = 1;
const NON_ZERO = 2;

/** Whether value[from, to) is lowercase hex, and if so whether it is all zeros. */
function hexRun(value: string, from: number, to: number): typeof INVALID | typeof ALL_ZERO | typeof NON_ZERO {
	let result: typeof ALL_ZERO | typeof NON_ZERO = ALL_ZERO;
	for (let i = from; i < to; i++) {
		const c = value.charCodeAt(i);
		if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return INVALID;
		if (c !== 0x30) result = NON_ZERO;
	}
	return result;
}

/**
 * The common case, checked without a regular expression or a context copy
 * (this runs on every traced call a service receives): a version-00
 * `traceparent` of exactly 55 characters, lowercase hex, ids not all zero.
 * Anything else returns undefined and goes to OpenTelemetry's propagator,
 * which accepts or refuses it by the full rules.
 */
export function parseTraceparentV00(value: unknown): SpanContext | undefined {
	if (typeof value !== "string" || value.length !== 55) return undefined;
	if (value.charCodeAt(0) !== 0x30 || value.charCodeAt(1) !== 0x30) return undefined;
	if (value.charCodeAt(2) !== DASH || value.charCodeAt(35) !== DASH || value.charCodeAt(52) !== DASH) return undefined;
	if (hexRun(value, 3, 35) !== NON_ZERO || hexRun(value, 36, 52) !== NON_ZERO || hexRun(value, 53, 55) === INVALID) return undefined;
	return { traceId: value.slice(3, 35), spanId: value.slice(36, 52), traceFlags: Number.parseInt(value.slice(53), 16), isRemote: true };
}

import { ROOT_CONTEXT, createContextKey, trace, type Context as OtelContext, type Span } from "@opentelemetry/api";

// The key @opentelemetry/api files a context's span under (a Symbol.for, so it is the same symbol here).
const SPAN_KEY = createContextKey("OpenTelemetry Context Key SPAN");

/**
 * An OpenTelemetry context that holds one span and nothing else.
 * `trace.setSpan(ROOT_CONTEXT, span)` copies a Map on every call; this runs
 * once per traced call and allocates one small object.
 */
class SpanOnlyContext implements OtelContext {
	constructor(private readonly span: Span) {}
	getValue(key: symbol): unknown {
		return key === SPAN_KEY ? this.span : undefined;
	}
	setValue(key: symbol, value: unknown): OtelContext {
		return trace.setSpan(ROOT_CONTEXT, this.span).setValue(key, value);
	}
	deleteValue(key: symbol): OtelContext {
		return key === SPAN_KEY ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, this.span);
	}
}

export function contextWithSpan(span: Span): OtelContext {
	return new SpanOnlyContext(span);
}

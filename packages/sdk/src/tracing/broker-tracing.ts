import { isSpanContextValid } from "@opentelemetry/api";
import type { Context, ServiceBroker } from "moleculer";
import { activeSpan } from "./context-span.js";
import type { TraceStore } from "./trace-store.js";
import { tracingOf } from "./tracing-runtime.js";

/** The broker's in-memory store of recent traces; undefined when tracing or the memory store is off. */
export function traceStore(broker: ServiceBroker): TraceStore | undefined {
	return tracingOf(broker)?.store;
}

/** Exports what the broker's batch processors hold now (OTLP and extra exporters). Resolves at once when tracing is off. */
export async function flushTraces(broker: ServiceBroker): Promise<void> {
	await tracingOf(broker)?.flush();
}

/** The trace id (32 hex digits) a handler's `ctx` runs in, or undefined when it is not traced. */
export function traceIdOf(ctx: Context): string | undefined {
	const spanContext = activeSpan(ctx)?.spanContext();
	return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

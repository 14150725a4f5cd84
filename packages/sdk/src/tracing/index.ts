// `@backbeat/sdk/tracing`: the trace store and waterfall pages, W3C context
// propagation, and spans for code that moves messages or serves HTTP itself.
// Turning tracing on and configuring it is `createBroker({ tracing })` in the
// main entry; handlers log with `contextLogger(ctx)` from there too.
export { flushTraces, traceIdOf, traceStore } from "./broker-tracing.js";
export { TraceStore } from "./trace-store.js";
export type { SpanJson, SpanKindName, TraceJson, TraceSummary } from "./trace-store.js";
export { renderTraceWaterfall } from "./waterfall-page.js";
export { extractTraceContext, injectTraceContext } from "./propagation.js";
export type { HeaderCarrier } from "./propagation.js";
export { DUPLICATE_SKIPPED_EVENT, recordDuplicateSkipped, startMessagingSpan, useSpan } from "./messaging-spans.js";
export type { MessagingOperation, MessagingSpanOptions } from "./messaging-spans.js";
export type { SpanOwner } from "./tracing-runtime.js";
export { startHttpServerSpan, TRACE_ID_HEADER } from "./http-server-span.js";
export type { HttpRequestLike, HttpResponseOutcome, HttpServerSpan } from "./http-server-span.js";
export { endWithError } from "./span-status.js";

// Type-level tests of the tracing API: checked by `tsc -p test-d` (test/types.test.ts).
import type { Span, SpanContext } from "@opentelemetry/api";
import { createBroker } from "../src/index.js";
import {
	extractTraceContext,
	injectTraceContext,
	startHttpServerSpan,
	startMessagingSpan,
	traceStore,
	type HttpServerSpan,
	type SpanKindName,
	type TraceJson
} from "../src/tracing/index.js";
import type { Equal, Expect, IsAny } from "./type-utils.js";

const broker = createBroker({
	tracing: { sampleRatio: 0.1, otlp: { endpoint: "http://collector:4318/v1/traces" }, memory: { maxTraces: 10 } }
});
createBroker({ tracing: true });
createBroker({ tracing: { otlp: false, memory: false } });
// @ts-expect-error sampleRatio is a number
createBroker({ tracing: { sampleRatio: "0.1" } });
// @ts-expect-error unknown tracing option
createBroker({ tracing: { samplingRatio: 0.1 } });

const headers = injectTraceContext(broker, { "content-type": "application/json" });
type _Headers = Expect<Equal<typeof headers, { "content-type": string }>>;
const extracted = extractTraceContext(headers);
type _Extracted = Expect<Equal<typeof extracted, SpanContext | undefined>>;

const span = startMessagingSpan(broker, "process", { system: "nats", destination: "events", links: extracted ? [extracted] : [] });
type _Span = Expect<Equal<typeof span, Span>>;
// @ts-expect-error not a messaging operation of the conventions
startMessagingSpan(broker, "publish", { system: "nats", destination: "events" });
// @ts-expect-error destination is required
startMessagingSpan(broker, "send", { system: "nats" });

const http = startHttpServerSpan(broker, { method: "GET", url: "/", headers: {} });
type _Http = Expect<Equal<typeof http, HttpServerSpan | undefined>>;
const trace = traceStore(broker)?.get("0af7651916cd43dd8448eb211c80319c");
type _Trace = Expect<Equal<typeof trace, TraceJson | undefined>>;
type _Kind = Expect<Equal<NonNullable<typeof trace>["spans"][number]["kind"], SpanKindName>>;
type _NotAny = Expect<Equal<IsAny<NonNullable<typeof trace>["spans"][number]["attributes"]>, false>>;

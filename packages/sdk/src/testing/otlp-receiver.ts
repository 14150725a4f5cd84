import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SpanKindName } from "../tracing/trace-store.js";
import { registerTeardown, type TeardownHost } from "./teardown.js";

/** One span as an OTLP/HTTP receiver decoded it from what an exporter sent. */
export interface ReceivedSpan {
	readonly traceId: string;
	readonly spanId: string;
	/** Absent for a root span. */
	readonly parentSpanId?: string;
	readonly name: string;
	readonly kind: SpanKindName;
	/** `service.name` of the resource the span came with. */
	readonly service: string;
	readonly attributes: Readonly<Record<string, unknown>>;
	readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }>;
	readonly links: ReadonlyArray<{ readonly traceId: string; readonly spanId: string }>;
	readonly status: { readonly code: "UNSET" | "OK" | "ERROR"; readonly message?: string };
}

export interface OtlpReceiver {
	/** Where to point the exporter: `http://127.0.0.1:<port>/v1/traces`. */
	readonly url: string;
	/** Every span received so far, in arrival order. */
	readonly spans: readonly ReceivedSpan[];
	/** Resolves with all spans once `done(spans)` holds; rejects after `timeoutMs` (default 10 s) naming what arrived. */
	waitFor(done: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<readonly ReceivedSpan[]>;
	close(): Promise<void>;
}

// OTLP's enums as numbers, per opentelemetry-proto.
const KINDS: Readonly<Record<number, SpanKindName>> = {
	0: "INTERNAL",
	1: "INTERNAL",
	2: "SERVER",
	3: "CLIENT",
	4: "PRODUCER",
	5: "CONSUMER"
};
const STATUS: Readonly<Record<number, "UNSET" | "OK" | "ERROR">> = { 0: "UNSET", 1: "OK", 2: "ERROR" };

interface AnyValue {
	stringValue?: string;
	boolValue?: boolean;
	intValue?: number | string;
	doubleValue?: number;
	arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
	key: string;
	value?: AnyValue;
}
interface OtlpSpan {
	traceId: string;
	spanId: string;
	parentSpanId?: string;
	name: string;
	kind?: number;
	attributes?: KeyValue[];
	events?: Array<{ name: string; attributes?: KeyValue[] }>;
	links?: Array<{ traceId: string; spanId: string }>;
	status?: { code?: number; message?: string };
}
interface ExportRequest {
	resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
}

function anyValueOf(value: AnyValue | undefined): unknown {
	if (!value) return undefined;
	if (value.stringValue !== undefined) return value.stringValue;
	if (value.boolValue !== undefined) return value.boolValue;
	if (value.intValue !== undefined) return Number(value.intValue);
	if (value.doubleValue !== undefined) return value.doubleValue;
	if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValueOf);
	return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const { key, value } of list ?? []) out[key] = anyValueOf(value);
	return out;
}

/** Decodes an OTLP/HTTP JSON export request (ids in hex, as the JSON encoding requires). */
export function decodeOtlpJson(body: ExportRequest): ReceivedSpan[] {
	const spans: ReceivedSpan[] = [];
	for (const resourceSpans of body.resourceSpans ?? []) {
		const service = String(attributesOf(resourceSpans.resource?.attributes)["service.name"] ?? "");
		for (const scope of resourceSpans.scopeSpans ?? []) {
			for (const span of scope.spans ?? []) {
				spans.push({
					traceId: span.traceId,
					spanId: span.spanId,
					...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
					name: span.name,
					kind: KINDS[span.kind ?? 0] ?? "INTERNAL",
					service,
					attributes: attributesOf(span.attributes),
					events: (span.events ?? []).map(event => ({ name: event.name, attributes: attributesOf(event.attributes) })),
					links: (span.links ?? []).map(link => ({ traceId: link.traceId, spanId: link.spanId })),
					status: {
						code: STATUS[span.status?.code ?? 0] ?? "UNSET",
						...(span.status?.message ? { message: span.status.message } : {})
					}
				});
			}
		}
	}
	return spans;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString("utf8");
}

/**
 * A real OTLP/HTTP trace receiver on a free local port, for tests: it decodes
 * what an exporter POSTs (JSON; protobuf is refused with 415 so a
 * misconfigured exporter fails the test) and is closed when the test ends.
 */
export async function startOtlpReceiver(t: TeardownHost): Promise<OtlpReceiver> {
	const spans: ReceivedSpan[] = [];
	const arrivals = new EventEmitter();
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			if (req.method !== "POST" || req.url !== "/v1/traces") {
				res.writeHead(404).end();
				return;
			}
			const body = await readBody(req);
			if (!String(req.headers["content-type"]).startsWith("application/json")) {
				res.writeHead(415).end();
				return;
			}
			spans.push(...decodeOtlpJson(JSON.parse(body) as ExportRequest));
			res.writeHead(200, { "content-type": "application/json" }).end("{}");
			arrivals.emit("spans");
		})().catch(err => {
			res.writeHead(400).end(String(err));
		});
	});
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	const close = () => new Promise<void>(resolve => server.close(() => resolve()));
	registerTeardown(t, close);
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
		spans,
		close,
		waitFor(done, timeoutMs = 10_000) {
			if (done(spans)) return Promise.resolve(spans);
			return new Promise((resolve, reject) => {
				const check = () => {
					if (!done(spans)) return;
					clearTimeout(timer);
					arrivals.off("spans", check);
					resolve(spans);
				};
				const timer = setTimeout(() => {
					arrivals.off("spans", check);
					reject(
						new Error(
							`the OTLP receiver did not get the expected spans within ${timeoutMs} ms; it got: ${spans.map(s => `${s.service}:${s.kind}:${s.name}`).join(", ") || "none"}`
						)
					);
				}, timeoutMs);
				arrivals.on("spans", check);
			});
		}
	};
}

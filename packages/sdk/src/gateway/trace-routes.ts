import type { IncomingMessage, ServerResponse } from "node:http";
import { BackbeatError } from "../errors/backbeat-error.js";
import { traceStore } from "../tracing/broker-tracing.js";
import { renderTraceWaterfall } from "../tracing/waterfall-page.js";
import { sendErrorResponse } from "./error-response.js";
import type { ServiceBroker } from "moleculer";
import type { ApiRouteSchema } from "moleculer-web";

const TRACE_ID = /^[0-9a-f]{32}$/i;

function send(res: ServerResponse, status: number, type: string, body: string): void {
	res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "content-length": Buffer.byteLength(body) });
	res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	send(res, status, "application/json", JSON.stringify(body));
}

type AliasHandler = (
	this: { broker: ServiceBroker },
	req: IncomingMessage & { $params?: Record<string, unknown> },
	res: ServerResponse
) => void;

/** Answers from the broker's trace store, or explains why there is none. */
function withTrace(view: (res: ServerResponse, id: string, broker: ServiceBroker) => void): AliasHandler {
	return function (req, res) {
		const id = String(req.$params?.["id"] ?? "");
		if (!TRACE_ID.test(id))
			return sendErrorResponse(res, new BackbeatError("BAD_REQUEST", "A trace id is 32 hex digits", { data: { field: "id" } }));
		view(res, id.toLowerCase(), this.broker);
	};
}

function noStore(res: ServerResponse): void {
	sendErrorResponse(res, new BackbeatError("NOT_FOUND", "This gateway's broker keeps no traces: tracing or its memory store is off"));
}

/**
 * `GET <path>` (recent traces, newest first), `GET <path>/:id` (one trace as
 * JSON) and `GET <path>/:id/view` (an HTML waterfall), served from the
 * broker's in-memory trace store (embedded mode keeps every service's spans there).
 */
export function traceRoutes(path: string): ApiRouteSchema {
	const list: AliasHandler = function (_req, res) {
		const store = traceStore(this.broker);
		if (!store) return noStore(res);
		sendJson(res, 200, { traces: store.list() });
	};
	const one = withTrace((res, id, broker) => {
		const store = traceStore(broker);
		if (!store) return noStore(res);
		const trace = store.get(id);
		if (!trace)
			return sendErrorResponse(res, new BackbeatError("NOT_FOUND", `Trace ${id} is not (or no longer) kept`, { data: { id } }));
		sendJson(res, 200, trace);
	});
	const view = withTrace((res, id, broker) => {
		const trace = traceStore(broker)?.get(id);
		if (!trace) return send(res, 404, "text/html", `<!doctype html><title>Not found</title><p>Trace ${id} is not kept here.</p>`);
		send(res, 200, "text/html", renderTraceWaterfall(trace));
	});
	return {
		path,
		mappingPolicy: "restrict",
		aliases: { "GET /": list, "GET /:id": one, "GET /:id/view": view }
	} as unknown as ApiRouteSchema;
}

import { SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import type { ServiceBroker } from "moleculer";
import { bindRootContext } from "./context-span.js";
import { contextWithSpan } from "./span-context.js";
import { extractContext, formatTraceparent, TRACEPARENT, TRACESTATE } from "./propagation.js";
import {
	ATTR_CLIENT_ADDRESS,
	ATTR_HTTP_REQUEST_METHOD,
	ATTR_HTTP_RESPONSE_STATUS_CODE,
	ATTR_HTTP_ROUTE,
	ATTR_SERVER_PORT,
	ATTR_URL_PATH,
	ATTR_URL_SCHEME,
	ATTR_USER_AGENT_ORIGINAL
} from "./semconv.js";
import { endWithError } from "./span-status.js";
import { tracingOf, type SpanOwner } from "./tracing-runtime.js";

/** The response header that names the request's trace. */
export const TRACE_ID_HEADER = "x-trace-id";

/** What the helper reads of an inbound request; Node's `IncomingMessage` fits. */
export interface HttpRequestLike {
	readonly method?: string | undefined;
	readonly url?: string | undefined;
	readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
	readonly socket?: { readonly remoteAddress?: string | undefined; readonly localPort?: number | undefined } | undefined;
}

export interface HttpResponseOutcome {
	readonly statusCode: number;
	/** The matched route template (`/api/tracks/:id`), for the span name and `http.route`. */
	readonly route?: string;
	/** What failed, for the span's exception event. */
	readonly error?: unknown;
}

/** The SERVER span of one HTTP request at a gateway. */
export interface HttpServerSpan {
	/** 32 hex digits; the same whether or not the trace is sampled. */
	readonly traceId: string;
	readonly sampled: boolean;
	/** `traceparent` (this span), `tracestate` when there is one, and `x-trace-id`: set them on the response. */
	readonly responseHeaders: Readonly<Record<string, string>>;
	/**
	 * Marks the options of the root call the gateway makes for this request
	 * (`broker.call(action, params, span.bind(options))`, or moleculer-web's
	 * `rootCallOptions`): that action runs inside this span, and its nested
	 * calls become its children.
	 */
	bind<T extends object>(callOptions: T): T;
	/** Ends the span with the response status; 5xx marks it failed. */
	end(outcome: HttpResponseOutcome): void;
}

/**
 * Starts the SERVER span of an inbound HTTP request, continuing the caller's
 * trace when the request carries a valid W3C `traceparent` (a malformed one
 * is ignored: a new trace starts). Undefined when the broker does not trace.
 * Framework-agnostic: the reference gateway uses it from moleculer-web, and
 * any HTTP server can.
 */
export function startHttpServerSpan(broker: ServiceBroker, request: HttpRequestLike, owner?: SpanOwner): HttpServerSpan | undefined {
	const runtime = tracingOf(broker);
	if (!runtime) return undefined;
	const method = (request.method ?? "GET").toUpperCase();
	const url = request.url ?? "/";
	const query = url.indexOf("?");
	const attributes: Attributes = {
		[ATTR_HTTP_REQUEST_METHOD]: method,
		[ATTR_URL_PATH]: query === -1 ? url : url.slice(0, query),
		[ATTR_URL_SCHEME]: "http"
	};
	const agent = request.headers["user-agent"];
	if (typeof agent === "string") attributes[ATTR_USER_AGENT_ORIGINAL] = agent;
	if (request.socket?.remoteAddress) attributes[ATTR_CLIENT_ADDRESS] = request.socket.remoteAddress;
	if (request.socket?.localPort) attributes[ATTR_SERVER_PORT] = request.socket.localPort;

	const span = runtime.tracerFor(owner).startSpan(method, { kind: SpanKind.SERVER, attributes }, extractContext(request.headers));
	const spanContext = span.spanContext();
	const responseHeaders: Record<string, string> = {
		[TRACEPARENT]: formatTraceparent(spanContext),
		[TRACE_ID_HEADER]: spanContext.traceId
	};
	const state = spanContext.traceState?.serialize();
	if (state) responseHeaders[TRACESTATE] = state;
	const context = contextWithSpan(span);
	let ended = false;
	return {
		traceId: spanContext.traceId,
		sampled: (spanContext.traceFlags & 1) === 1,
		responseHeaders,
		bind: options => bindRootContext(options, context),
		end(outcome) {
			if (ended) return;
			ended = true;
			if (outcome.route) {
				span.setAttribute(ATTR_HTTP_ROUTE, outcome.route);
				span.updateName(`${method} ${outcome.route}`);
			}
			span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, outcome.statusCode);
			// HTTP server conventions: only 5xx is the server's failure; a 4xx is the client's.
			if (outcome.statusCode >= 500) {
				if (outcome.error !== undefined) endWithError(span, outcome.error);
				else {
					span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${outcome.statusCode}` });
					span.end();
				}
				return;
			}
			span.end();
		}
	};
}

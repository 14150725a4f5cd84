import {
	SpanKind,
	TraceFlags,
	trace,
	type Attributes,
	type Context as OtelContext,
	type Span,
	type SpanContext,
	type Tracer
} from "@opentelemetry/api";
import type { Context, Middleware, ServiceBroker } from "moleculer";
import { callerContextOf, rootContextOf, setTraceContext } from "./context-span.js";
import { extractContext, formatTraceparent, TRACEPARENT, TRACESTATE } from "./propagation.js";
import { ATTR_RPC_METHOD, ATTR_RPC_SERVICE, ATTR_RPC_SYSTEM, RPC_SYSTEM_MOLECULER } from "./semconv.js";
import { contextWithSpan } from "./span-context.js";
import { shareAttributes } from "./span-attributes.js";
import { endWithError } from "./span-status.js";
import type { SpanOwner, TracingRuntime } from "./tracing-runtime.js";

type Handler = (ctx: Context) => Promise<unknown>;

interface ActionInfo {
	readonly name: string;
	readonly service?: SpanOwner;
}

/** Span name and attributes of one action, built once: `v1.tracks/add` with rpc.* attributes. */
function describe(action: ActionInfo): { name: string; attributes: Attributes } {
	const dot = action.name.lastIndexOf(".");
	const service = dot > 0 ? action.name.slice(0, dot) : action.name;
	const method = dot > 0 ? action.name.slice(dot + 1) : action.name;
	return {
		name: `${service}/${method}`,
		attributes: shareAttributes({ [ATTR_RPC_SYSTEM]: RPC_SYSTEM_MOLECULER, [ATTR_RPC_SERVICE]: service, [ATTR_RPC_METHOD]: method })
	};
}

/** The service whose handler made the call, for the client span's `service.name`. */
function callerOf(ctx: Context): SpanOwner | undefined {
	return (ctx.options as { parentCtx?: Context } | undefined)?.parentCtx?.service ?? undefined;
}

function settle(promise: Promise<unknown>, server: Span, client: Span | undefined): Promise<unknown> {
	return promise.then(
		result => {
			server.end();
			client?.end();
			return result;
		},
		(err: unknown) => {
			endWithError(server, err);
			if (client) endWithError(client, err);
			throw err;
		}
	);
}

/** Writes the client span's context into the request headers, which every transporter carries. */
function inject(ctx: Context, spanContext: SpanContext): void {
	// The caller's own headers object may be reused for other calls: write into a copy.
	const headers: Record<string, unknown> = ctx.headers === ctx.options?.headers ? { ...ctx.headers } : (ctx.headers ?? {});
	headers[TRACEPARENT] = formatTraceparent(spanContext);
	const state = spanContext.traceState?.serialize();
	if (state) headers[TRACESTATE] = state;
	else delete headers[TRACESTATE];
	ctx.headers = headers;
}

/**
 * Starts a span under `parent`, or returns undefined when the parent is a
 * valid, unsampled span context and sampling is parent-based: the decision
 * is already made, so the call passes the parent's context on unchanged (as
 * W3C Trace Context allows a participant that records nothing) and costs no
 * span, no ids and no sampler call.
 */
function startUnlessUnsampled(
	runtime: TracingRuntime,
	tracer: Tracer,
	name: string,
	kind: SpanKind,
	attributes: Attributes,
	parent: OtelContext
): Span | undefined {
	if (runtime.config.sampling.parentBased) {
		const parentContext = trace.getSpanContext(parent);
		if (parentContext !== undefined && (parentContext.traceFlags & TraceFlags.SAMPLED) === 0 && trace.isSpanContextValid(parentContext))
			return undefined;
	}
	return tracer.startSpan(name, { kind, attributes }, parent);
}

function run(next: Handler, ctx: Context): Promise<unknown> {
	try {
		return next(ctx);
	} catch (err) {
		return Promise.reject(err);
	}
}

/**
 * Moleculer middleware of a traced broker. Every call gets a CLIENT span on
 * the caller and a SERVER span on the callee (both in this process for a
 * local call), named `<rpc.service>/<rpc.method>`. The client span's context
 * travels in the request headers as W3C `traceparent`/`tracestate`; the
 * server span becomes the parent of the handler's nested calls.
 */
export function tracingMiddleware(runtime: TracingRuntime): Middleware {
	let broker: ServiceBroker;

	const localAction = (next: Handler, action: ActionInfo): Handler => {
		const { name, attributes } = describe(action);
		const calleeTracer = runtime.tracerFor(action.service);
		return ctx => {
			const root = rootContextOf(ctx);
			if (root !== undefined) {
				// A gateway's entry action: its HTTP span already stands for it.
				setTraceContext(ctx, root);
				return next(ctx);
			}
			let client: Span | undefined;
			let parent: OtelContext;
			if (ctx.nodeID === broker.nodeID) {
				// Called in this process: the caller's client span is made here too.
				parent = callerContextOf(ctx);
				client = startUnlessUnsampled(runtime, runtime.tracerFor(callerOf(ctx)), name, SpanKind.CLIENT, attributes, parent);
				if (client) parent = contextWithSpan(client);
			} else {
				parent = extractContext(ctx.headers);
			}
			const server = startUnlessUnsampled(runtime, calleeTracer, name, SpanKind.SERVER, attributes, parent);
			setTraceContext(ctx, server ? contextWithSpan(server) : parent);
			if (!server) return next(ctx);
			return settle(run(next, ctx), server, client);
		};
	};

	const remoteAction = (next: Handler, action: ActionInfo): Handler => {
		const { name, attributes } = describe(action);
		return ctx => {
			const parent = callerContextOf(ctx);
			const client = startUnlessUnsampled(runtime, runtime.tracerFor(callerOf(ctx)), name, SpanKind.CLIENT, attributes, parent);
			const propagated = client?.spanContext() ?? trace.getSpanContext(parent);
			if (propagated) inject(ctx, propagated);
			if (!client) return next(ctx);
			return run(next, ctx).then(
				result => {
					client.end();
					return result;
				},
				(err: unknown) => {
					endWithError(client, err);
					throw err;
				}
			);
		};
	};

	const middleware = {
		name: "BackbeatTracing",
		created(created: ServiceBroker) {
			broker = created;
		},
		localAction,
		remoteAction,
		async stopped() {
			await runtime.shutdown();
		}
	};
	return middleware as unknown as Middleware;
}

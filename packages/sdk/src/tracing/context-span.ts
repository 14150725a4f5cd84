import { context as otelContext, trace, type Context as OtelContext, type Span } from "@opentelemetry/api";
import type { Context, ServiceBroker } from "moleculer";
import { isContext } from "../context/call-source.js";

// Where a Moleculer context keeps the trace context its handler runs in. A
// symbol-keyed field instead of OpenTelemetry's async context: following one
// `ctx` costs nothing per await, and brokers in one process stay separate.
const TRACE = Symbol("backbeat.trace");
// Set on root call options by a gateway: the action runs inside this context and gets no spans of its own.
const ROOT = Symbol("backbeat.trace.root");

interface Traced {
	[TRACE]?: OtelContext;
	[ROOT]?: OtelContext;
}

export function setTraceContext(ctx: Context, context: OtelContext): void {
	(ctx as Traced)[TRACE] = context;
}

/** The span a handler's `ctx` runs in (its server span), if it is traced. */
export function activeSpan(ctx: Context): Span | undefined {
	const context = (ctx as Traced)[TRACE];
	return context === undefined ? undefined : trace.getSpan(context);
}

/** Marks root call options: the called action runs inside `context` (a gateway's HTTP span). */
export function bindRootContext<T extends object>(callOptions: T, context: OtelContext): T {
	(callOptions as Traced)[ROOT] = context;
	return callOptions;
}

export function rootContextOf(ctx: Context): OtelContext | undefined {
	return (ctx.options as Traced | undefined)?.[ROOT];
}

/**
 * The parent of a call made with `ctx`: the trace context of the handler that
 * made it, else OpenTelemetry's active context (an application that set up
 * its own context manager and started a span around `client(broker, …)`).
 */
export function callerContextOf(ctx: Context): OtelContext {
	const parent = (ctx.options as { parentCtx?: Context } | undefined)?.parentCtx;
	return (parent && (parent as Traced)[TRACE]) || otelContext.active();
}

/** The trace context to parent new spans on, for a call source (a handler's ctx or a broker). */
export function contextOfSource(source: Context | ServiceBroker): OtelContext {
	if (isContext(source)) return (source as Traced)[TRACE] ?? otelContext.active();
	return otelContext.active();
}

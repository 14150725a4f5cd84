import { isSpanContextValid } from "@opentelemetry/api";
import type { Context } from "moleculer";
import { LOG_LEVELS, type LogLevel } from "../config/log-levels.js";
import { activeSpan } from "./context-span.js";

/** A Moleculer-style logger: one method per level. */
export type ContextLogger = { readonly [L in LogLevel]: (...args: unknown[]) => void };

/**
 * The logger of a handler's `ctx`: its service's logger, with
 * `trace_id=<32 hex> span_id=<16 hex>` in front of every line while the
 * handler runs in a trace, so a log line leads to its trace. Without tracing
 * it is the service's logger itself. The ids come first as text because
 * Moleculer's console formatter prints strings as they are, and a JSON logger
 * still gets them in the message.
 */
export function contextLogger(ctx: Context): ContextLogger {
	const base = (ctx.service?.logger ?? ctx.broker.logger) as unknown as ContextLogger;
	const spanContext = activeSpan(ctx)?.spanContext();
	if (!spanContext || !isSpanContextValid(spanContext)) return base;
	const prefix = `trace_id=${spanContext.traceId} span_id=${spanContext.spanId}`;
	const logger = {} as Record<LogLevel, (...args: unknown[]) => void>;
	for (const level of LOG_LEVELS) logger[level] = (...args: unknown[]) => base[level](prefix, ...args);
	return logger;
}

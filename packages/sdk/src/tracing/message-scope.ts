import { AsyncLocalStorage } from "node:async_hooks";
import { context as otelContext, type Span } from "@opentelemetry/api";
import type { ServiceBroker } from "moleculer";
import { contextWithSpan } from "./span-context.js";
import type { SpanOwner } from "./tracing-runtime.js";

/** The message a consumer is processing: its process span, and the broker and service handling it. */
export interface MessageScope {
	readonly broker: ServiceBroker;
	readonly owner: SpanOwner | undefined;
	readonly span: Span;
}

// A consumer's handler gets no Moleculer ctx to carry the trace, and the SDK
// registers no global OpenTelemetry context manager: this store is how the
// transaction the SDK opens for a message finds the process span, so events
// the handler publishes continue the trace. It is entered only for traced
// messages, never on the RPC path.
const scopes = new AsyncLocalStorage<MessageScope>();

/**
 * Runs `work` as the processing of one message: OpenTelemetry's active
 * context holds the process span (code that follows the active context, such
 * as `client(broker, …)` under a registered context manager, makes children
 * of it), and outbox publishes without a source of their own take it as
 * their parent.
 */
export function runInMessageScope<T>(scope: MessageScope, work: () => Promise<T>): Promise<T> {
	return otelContext.with(contextWithSpan(scope.span), () => scopes.run(scope, work));
}

/** The message being processed here, if any. */
export function currentMessageScope(): MessageScope | undefined {
	return scopes.getStore();
}

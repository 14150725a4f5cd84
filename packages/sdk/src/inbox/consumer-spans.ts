import type { ServiceBroker } from "moleculer";
import type { EventEnvelope } from "../outbox/envelope.js";
import { runInMessageScope, type MessageScope } from "../tracing/message-scope.js";
import { recordDuplicateSkipped, startMessagingSpan } from "../tracing/messaging-spans.js";
import { messagingSystemOf } from "../outbox/outbox-spans.js";
import { extractTraceContext } from "../tracing/propagation.js";
import { endWithError, recordError } from "../tracing/span-status.js";
import { tracingOf, type SpanOwner } from "../tracing/tracing-runtime.js";

/** One message as a consumer receives it. */
export interface ReceivedMessage {
	readonly envelope: EventEnvelope;
	/** `messaging.consumer.group.name`. */
	readonly group: string;
	/** The consuming service, for `service.name`. */
	readonly owner: SpanOwner | undefined;
}

// The process span (and scope) of each envelope being handled in this process,
// so the inbox can mark what happened to it, and run its handler inside it,
// without the span being passed along.
const processing = new WeakMap<EventEnvelope, MessageScope>();

/**
 * Handles one received message under a messaging `process` span (CONSUMER).
 * A single message continues its creation context: the span is its child and
 * links to it (a message without one starts a trace). `handle` runs with the
 * span as the active context (see `runInMessageScope`); the span ends when
 * `handle` settles, failed if it throws. With tracing off, `handle` just runs.
 */
export function traceProcessing<T>(broker: ServiceBroker | undefined, message: ReceivedMessage, handle: () => Promise<T>): Promise<T> {
	if (!broker || !tracingOf(broker)) return handle();
	const { envelope, owner } = message;
	const created = extractTraceContext(envelope.traceContext);
	const span = startMessagingSpan(broker, "process", {
		system: messagingSystemOf(broker),
		destination: envelope.type,
		messageId: envelope.id,
		consumerGroup: message.group,
		...(created ? { parent: created, links: [created] } : {}),
		...(owner ? { service: owner } : {})
	});
	const scope: MessageScope = { broker, owner, span };
	processing.set(envelope, scope);
	return runInMessageScope(scope, handle).then(
		result => {
			processing.delete(envelope);
			span.end();
			return result;
		},
		(error: unknown) => {
			processing.delete(envelope);
			endWithError(span, error);
			throw error;
		}
	);
}

/** The inbox skipped `envelope`: it was handled before. A span event on its process span, if it has one. */
export function markDuplicateSkipped(envelope: EventEnvelope): void {
	const span = processing.get(envelope)?.span;
	if (span) recordDuplicateSkipped(span, envelope.id);
}

/** `envelope` went to the dead letters with `error`: its process span is marked failed. */
export function markDeadLettered(envelope: EventEnvelope, error: unknown): void {
	const span = processing.get(envelope)?.span;
	if (span) recordError(span, error);
}

/**
 * Runs `work` (the handler of `envelope`) inside that message's process
 * span. A consumer handles several messages in one transaction, started
 * from whichever message arrived first, so each handler enters its own.
 */
export function inMessageScope<T>(envelope: EventEnvelope, work: () => Promise<T>): Promise<T> {
	const scope = processing.get(envelope);
	return scope ? runInMessageScope(scope, work) : work();
}

import Channels from "@moleculer/channels";
import { isSpanContextValid, type Span } from "@opentelemetry/api";
import type { ServiceBroker } from "moleculer";
import type { CallSource } from "../context/call-source.js";
import type { EventEnvelope } from "./envelope.js";
import type { PublishOptions } from "./publish.js";
import { currentMessageScope } from "../tracing/message-scope.js";
import { brokerOf } from "../context/call-source.js";
import { startMessagingSpan } from "../tracing/messaging-spans.js";
import { extractTraceContext, injectTraceContext } from "../tracing/propagation.js";
import { ATTR_MESSAGING_MESSAGE_ID } from "../tracing/semconv.js";
import { endWithError } from "../tracing/span-status.js";
import { tracingOf, type SpanOwner } from "../tracing/tracing-runtime.js";

/**
 * `messaging.system` of a broker's channels: `nats` (JetStream), `redis`
 * (Redis Streams), or `backbeat` for the in-process adapter and a broker
 * without channels.
 */
export function messagingSystemOf(broker: ServiceBroker): string {
	const adapter = (broker as { channelAdapter?: unknown }).channelAdapter;
	if (adapter instanceof Channels.Adapters.NATS) return "nats";
	if (adapter instanceof Channels.Adapters.Redis) return "redis";
	return "backbeat";
}

/** The create span of one publish: under the source's current span, else under the message a consumer is processing. */
function startCreateSpan(source: CallSource | undefined, destination: string): Span | undefined {
	if (source) {
		const broker = brokerOf(source);
		if (!tracingOf(broker)) return undefined;
		return startMessagingSpan(source, "create", { system: messagingSystemOf(broker), destination });
	}
	const scope = currentMessageScope();
	if (!scope) return undefined;
	return startMessagingSpan(scope.broker, "create", {
		system: messagingSystemOf(scope.broker),
		destination,
		parent: scope.span.spanContext(),
		...(scope.owner ? { service: scope.owner } : {})
	});
}

/**
 * Runs one outbox insert under a messaging `create` span (PRODUCER) whose
 * context is stored with the row as its creation context. The parent is the
 * transaction's source (a handler's ctx or a broker), else the process span
 * of the message a consumer is handling here; with neither, or with tracing
 * off, the insert runs as it is. A creation context the caller passed
 * (`traceContext`) is stored unchanged and gets no create span, as the
 * messaging conventions ask.
 */
export async function tracePublish<E extends EventEnvelope>(
	source: CallSource | undefined,
	destination: string,
	options: PublishOptions,
	insert: (options: PublishOptions) => Promise<E>
): Promise<E> {
	if (options.traceContext) return insert(options);
	const span = startCreateSpan(source, destination);
	if (!span || !isSpanContextValid(span.spanContext())) return insert(options);
	try {
		const envelope = await insert({ ...options, traceContext: injectTraceContext(span, {}) });
		span.setAttribute(ATTR_MESSAGING_MESSAGE_ID, envelope.id);
		span.end();
		return envelope;
	} catch (error) {
		endWithError(span, error);
		throw error;
	}
}

/**
 * Runs the relay's publish of one row under a messaging `send` span. The
 * relay has no ambient context, so the span continues the creation context
 * stored in the row: its child, and linked to it (kind CLIENT, since the
 * create span is the producer). A row without one (published outside any
 * trace) gets a PRODUCER send span whose context becomes the message's
 * creation context. When the broker does not trace, the row's context
 * travels on unchanged and no span is made. `owner` names the span's service.
 */
export async function traceSend(
	broker: ServiceBroker,
	owner: SpanOwner | undefined,
	envelope: EventEnvelope,
	send: (envelope: EventEnvelope) => Promise<void>
): Promise<void> {
	if (!tracingOf(broker)) return send(envelope);
	const created = extractTraceContext(envelope.traceContext);
	const span = startMessagingSpan(broker, "send", {
		system: messagingSystemOf(broker),
		destination: envelope.type,
		messageId: envelope.id,
		...(created ? { parent: created, links: [created] } : {}),
		...(owner ? { service: owner } : {})
	});
	const sent =
		created || !isSpanContextValid(span.spanContext()) ? envelope : { ...envelope, traceContext: injectTraceContext(span, {}) };
	try {
		await send(sent);
	} catch (error) {
		endWithError(span, error);
		throw error;
	}
	span.end();
}

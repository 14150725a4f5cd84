import {
	INVALID_SPAN_CONTEXT,
	ROOT_CONTEXT,
	SpanKind,
	trace,
	type Attributes,
	type Link,
	type Span,
	type SpanContext
} from "@opentelemetry/api";
import type { Context } from "moleculer";
import { brokerOf, isContext, type CallSource } from "../context/call-source.js";
import { contextOfSource, setTraceContext } from "./context-span.js";
import { contextWithSpan } from "./span-context.js";
import {
	ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
	ATTR_MESSAGING_CONSUMER_GROUP_NAME,
	ATTR_MESSAGING_DESTINATION_NAME,
	ATTR_MESSAGING_MESSAGE_ID,
	ATTR_MESSAGING_OPERATION_NAME,
	ATTR_MESSAGING_OPERATION_TYPE,
	ATTR_MESSAGING_SYSTEM
} from "./semconv.js";
import { tracingOf, type SpanOwner } from "./tracing-runtime.js";

/**
 * The messaging operations of OpenTelemetry's conventions that a durable
 * event goes through: `create` (the outbox row is written, in the producer's
 * request), `send` (the relay publishes it), `process` (a consumer handles it).
 */
export type MessagingOperation = "create" | "send" | "process";

export interface MessagingSpanOptions {
	/** `messaging.system`, e.g. `nats`, `redis`, `backbeat-outbox`. */
	readonly system: string;
	/** `messaging.destination.name`: the channel or topic. */
	readonly destination: string;
	/** `messaging.message.id`: the event id. */
	readonly messageId?: string;
	/** `messaging.consumer.group.name`, for `process`. */
	readonly consumerGroup?: string;
	/** `messaging.batch.message_count`, for a batch send or process. */
	readonly batchSize?: number;
	/**
	 * The parent, when it is not the source's current span: the producer's
	 * context read from a single message (`extractTraceContext`), so the
	 * process span is its child. Default: the source's current span.
	 */
	readonly parent?: SpanContext;
	/** Span contexts this span links to: the creation context(s) of what a relay sends, each message's context in a batch. */
	readonly links?: readonly SpanContext[];
	/** `service.name` of the span when the source is not a handler's ctx (a relay, a consumer loop). Default: the ctx's service, else the broker's. */
	readonly service?: SpanOwner;
	readonly attributes?: Attributes;
}

// What a helper returns when tracing is off: a shared span that records nothing, so callers need no branches.
const NOT_TRACED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The broker behind a call source (a handler's ctx or a broker). */

function ownerOf(source: CallSource): SpanOwner | undefined {
	return isContext(source) ? (source.service ?? undefined) : undefined;
}

/**
 * Kind per the messaging conventions: `create` is PRODUCER; `send` is CLIENT
 * when it links to creation contexts (the create span is the producer) and
 * PRODUCER otherwise; `process` is CONSUMER.
 */
function kindOf(operation: MessagingOperation, linked: boolean): SpanKind {
	if (operation === "process") return SpanKind.CONSUMER;
	if (operation === "send" && linked) return SpanKind.CLIENT;
	return SpanKind.PRODUCER;
}

/**
 * Starts a messaging span named `<operation> <destination>` with the
 * `messaging.*` attributes. The caller ends it (`span.end()`, or
 * `endWithError`-style status on failure). Every link is made to a valid
 * context only; with tracing off the result is a shared span that records
 * nothing.
 *
 * - create: `startMessagingSpan(ctx, "create", { system, destination, messageId })`,
 *   then `injectTraceContext(span, row.headers)` to store it in the outbox row;
 * - send: `startMessagingSpan(broker, "send", { system, destination, links: rows.map(r => extractTraceContext(r.headers)) })`;
 * - process, one message: `{ parent: ctxOfMessage, links: [ctxOfMessage] }`;
 *   a batch: `{ links: contextsOfMessages, batchSize }`.
 */
export function startMessagingSpan(source: CallSource, operation: MessagingOperation, options: MessagingSpanOptions): Span {
	const runtime = tracingOf(brokerOf(source));
	if (!runtime) return NOT_TRACED;
	const links: Link[] = [];
	for (const context of options.links ?? []) {
		if (context && trace.isSpanContextValid(context)) links.push({ context });
	}
	const attributes: Attributes = {
		[ATTR_MESSAGING_SYSTEM]: options.system,
		[ATTR_MESSAGING_DESTINATION_NAME]: options.destination,
		[ATTR_MESSAGING_OPERATION_TYPE]: operation,
		[ATTR_MESSAGING_OPERATION_NAME]: operation,
		...options.attributes
	};
	if (options.messageId !== undefined) attributes[ATTR_MESSAGING_MESSAGE_ID] = options.messageId;
	if (options.consumerGroup !== undefined) attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = options.consumerGroup;
	if (options.batchSize !== undefined) attributes[ATTR_MESSAGING_BATCH_MESSAGE_COUNT] = options.batchSize;
	const parent =
		options.parent && trace.isSpanContextValid(options.parent)
			? trace.setSpanContext(ROOT_CONTEXT, options.parent)
			: contextOfSource(source);
	const tracer = runtime.tracerFor(options.service ?? ownerOf(source));
	return tracer.startSpan(
		`${operation} ${options.destination}`,
		{ kind: kindOf(operation, links.length > 0), attributes, links },
		parent
	);
}

/** Makes `span` the current span of a handler's `ctx`: calls made with `ctx` become its children (a consumer's process span). */
export function useSpan(ctx: Context, span: Span): void {
	setTraceContext(ctx, contextWithSpan(span));
}

/** The span event an inbox records when it skips a message it already processed. */
export const DUPLICATE_SKIPPED_EVENT = "messaging.inbox.duplicate_skipped";

/** Records on `span` that the inbox skipped a duplicate of `messageId` (the handler did not run again). */
export function recordDuplicateSkipped(span: Span, messageId: string): void {
	span.addEvent(DUPLICATE_SKIPPED_EVENT, { [ATTR_MESSAGING_MESSAGE_ID]: messageId });
}

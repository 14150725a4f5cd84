import {
	SpanStatusCode,
	type AttributeValue,
	type Attributes,
	type Exception,
	type HrTime,
	type Link,
	type SpanAttributeValue,
	type SpanContext,
	type SpanKind,
	type SpanStatus,
	type TimeInput
} from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { Span as SdkSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from "./semconv.js";
import { copyAttributes, isAttributeValue, isShared, SPAN_LIMITS } from "./span-attributes.js";
import { nowMs, toEpochMs, toHrTime } from "./span-clock.js";

// Frozen: a push into the shared one would throw instead of leaking into every span.
const NONE = Object.freeze([]) as never[];
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** What a span shares with the other spans of its tracer: where it goes when it ends, and whom it describes. */
export interface SpanOrigin {
	readonly resource: Resource;
	readonly scope: InstrumentationScope;
	/** Called once per span, when it ends (the store, batch exporters). */
	readonly onEnd: (span: RecordedSpan) => void;
}

export interface RecordedSpanInit {
	readonly name: string;
	readonly kind: SpanKind;
	readonly context: SpanContext;
	readonly parent: SpanContext | undefined;
	readonly attributes: Attributes | undefined;
	readonly links: readonly Link[] | undefined;
	readonly startTime: TimeInput | undefined;
}

/**
 * A sampled span: the OpenTelemetry API a handler writes to, and the
 * `ReadableSpan` exporters and the trace store read. It does only what
 * those two sides need, which is most of why a traced call costs a fraction
 * of what the OpenTelemetry SDK's span costs (no per-span clock anchoring,
 * no attribute copies beyond the first, times converted only when read).
 * Changes after `end()` are ignored, as the specification asks.
 */
export class RecordedSpan implements SdkSpan {
	readonly kind: SpanKind;
	readonly parentSpanContext?: SpanContext;
	attributes: Attributes = NO_ATTRIBUTES;
	// Most spans get no links, events or status, and share their attributes: frozen shared values are replaced on the first change.
	links: Link[] = NONE;
	events: TimedEvent[] = NONE;
	name: string;
	status: SpanStatus = UNSET;
	ended = false;
	droppedAttributesCount = 0;
	droppedEventsCount = 0;
	droppedLinksCount = 0;
	private readonly context: SpanContext;
	private readonly startMs: number;
	private endMs = 0;
	private attributeCount = 0;

	constructor(
		init: RecordedSpanInit,
		private readonly origin: SpanOrigin
	) {
		this.name = init.name;
		this.kind = init.kind;
		this.context = init.context;
		if (init.parent !== undefined) this.parentSpanContext = init.parent;
		this.startMs = init.startTime === undefined ? nowMs() : toEpochMs(init.startTime);
		if (init.attributes !== undefined) {
			if (isShared(init.attributes)) {
				// Checked and frozen already: kept by reference until the first change.
				this.attributes = init.attributes;
				this.attributeCount = Object.keys(init.attributes).length;
			} else this.setAttributes(init.attributes);
		}
		if (init.links) this.addLinks(init.links as Link[]);
	}

	get resource(): Resource {
		return this.origin.resource;
	}
	get instrumentationScope(): InstrumentationScope {
		return this.origin.scope;
	}
	get startTime(): HrTime {
		return toHrTime(this.startMs);
	}
	/** [0, 0] until the span ends, as in the OpenTelemetry SDK. */
	get endTime(): HrTime {
		return this.ended ? toHrTime(this.endMs) : [0, 0];
	}
	get duration(): HrTime {
		const ms = this.ended ? this.endMs - this.startMs : 0;
		const seconds = Math.floor(ms / 1e3);
		return [seconds, Math.round((ms - seconds * 1e3) * 1e6)];
	}
	/** Start and duration in milliseconds, without building [s, ns] pairs (the trace store's view). */
	get startTimeMs(): number {
		return this.startMs;
	}
	get durationMs(): number {
		return this.ended ? this.endMs - this.startMs : 0;
	}

	spanContext(): SpanContext {
		return this.context;
	}
	isRecording(): boolean {
		return !this.ended;
	}

	setAttribute(key: string, value: SpanAttributeValue | undefined): this {
		if (this.ended || key === "" || !isAttributeValue(value)) return this;
		if (Object.isFrozen(this.attributes)) this.attributes = { ...this.attributes };
		if (this.attributes[key] === undefined) {
			if (this.attributeCount >= SPAN_LIMITS.attributes) {
				this.droppedAttributesCount++;
				return this;
			}
			this.attributeCount++;
		}
		this.attributes[key] = Array.isArray(value) ? (value.slice() as AttributeValue) : value;
		return this;
	}
	setAttributes(attributes: Attributes): this {
		for (const key in attributes) this.setAttribute(key, attributes[key]);
		return this;
	}

	addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
		if (this.ended) return this;
		if (this.events.length >= SPAN_LIMITS.events) {
			this.droppedEventsCount++;
			return this;
		}
		const timeInput = isTimeInput(attributesOrTime) ? attributesOrTime : time;
		const attributes: Attributes = {};
		const droppedAttributesCount = isTimeInput(attributesOrTime) ? 0 : copyAttributes(attributes, attributesOrTime);
		// An [s, ns] time is kept as given: as epoch milliseconds it would lose its last few hundred nanoseconds.
		if (this.events === NONE) this.events = [];
		const eventTime = Array.isArray(timeInput)
			? ([timeInput[0], timeInput[1]] satisfies HrTime)
			: toHrTime(timeInput === undefined ? nowMs() : toEpochMs(timeInput));
		this.events.push({ name, time: eventTime, attributes, droppedAttributesCount });
		return this;
	}

	addLink(link: Link): this {
		if (this.ended) return this;
		if (this.links.length >= SPAN_LIMITS.links) {
			this.droppedLinksCount++;
			return this;
		}
		const attributes: Attributes = {};
		const dropped = copyAttributes(attributes, link.attributes);
		if (this.links === NONE) this.links = [];
		this.links.push({ context: link.context, attributes, ...(dropped > 0 ? { droppedAttributesCount: dropped } : {}) });
		return this;
	}
	addLinks(links: Link[]): this {
		for (const link of links) this.addLink(link);
		return this;
	}

	setStatus(status: SpanStatus): this {
		// The specification: OK is final, and UNSET never replaces a status that was set.
		if (this.ended || this.status.code === SpanStatusCode.OK || status.code === SpanStatusCode.UNSET) return this;
		this.status =
			status.code === SpanStatusCode.ERROR && typeof status.message === "string"
				? { code: status.code, message: status.message }
				: { code: status.code };
		return this;
	}

	updateName(name: string): this {
		if (!this.ended) this.name = name;
		return this;
	}

	/** An `exception` event with the conventions' `exception.*` attributes. */
	recordException(exception: Exception, time?: TimeInput): void {
		const attributes: Attributes = {};
		if (typeof exception === "string") attributes[ATTR_EXCEPTION_MESSAGE] = exception;
		else {
			const type = exception.name ?? (exception.code === undefined ? undefined : String(exception.code));
			if (type !== undefined) attributes[ATTR_EXCEPTION_TYPE] = type;
			if (exception.message !== undefined) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
			if (exception.stack !== undefined) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
		}
		this.addEvent("exception", attributes, time);
	}

	end(endTime?: TimeInput): void {
		if (this.ended) return;
		// A clock step or an explicit end time before the start would give a negative duration.
		this.endMs = Math.max(this.startMs, endTime === undefined ? nowMs() : toEpochMs(endTime));
		this.ended = true;
		this.origin.onEnd(this);
	}
}

function isTimeInput(value: Attributes | TimeInput | undefined): value is TimeInput {
	return (
		typeof value === "number" ||
		value instanceof Date ||
		(Array.isArray(value) && value.length === 2 && typeof value[0] === "number" && typeof value[1] === "number")
	);
}

import type { Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ServiceBroker } from "moleculer";
import { BackbeatTracer } from "./backbeat-tracer.js";
import type { RecordedSpan } from "./recorded-span.js";
import type { ResolvedTracing } from "./resolve-tracing.js";
import { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME, ATTR_SERVICE_NAMESPACE, ATTR_SERVICE_VERSION } from "./semconv.js";
import { TRACING_DEFAULTS } from "./tracing-options.js";
import { TraceStore } from "./trace-store.js";

/** The Moleculer service a span belongs to; undefined for calls made outside any service. */
export interface SpanOwner {
	readonly name: string;
	readonly version?: string | number | undefined;
}

const SCOPE = { name: "@backbeat/sdk" } as const;

/**
 * The tracing state of one broker. OpenTelemetry puts `service.name` on the
 * resource, so each Moleculer service gets a tracer (and resource) of its
 * own, made on first use; they share the sampling policy and the
 * processors (the store, batch exporters). Nothing here is global: brokers
 * in one process trace independently.
 */
export class TracingRuntime {
	readonly store: TraceStore | undefined;
	private readonly processors: SpanProcessor[] = [];
	private readonly tracers = new Map<string, Tracer>();
	private readonly defaultTracer: Tracer;

	constructor(
		readonly config: ResolvedTracing,
		private readonly nodeID: string,
		private readonly namespace: string
	) {
		if (config.maxTraces !== undefined) {
			this.store = new TraceStore(config.maxTraces);
			this.processors.push(this.store);
		}
		if (config.otlp) {
			this.processors.push(
				new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlp.url, headers: { ...config.otlp.headers } }))
			);
		}
		for (const exporter of config.exporters) this.processors.push(new BatchSpanProcessor(exporter));
		this.defaultTracer = this.makeTracer(config.serviceName ?? TRACING_DEFAULTS.serviceName, undefined);
	}

	/** The tracer whose spans carry `owner`'s service name (or the broker's fixed one). */
	tracerFor(owner: SpanOwner | undefined): Tracer {
		if (!owner || this.config.serviceName !== undefined) return this.defaultTracer;
		const key = owner.version === undefined ? owner.name : `${owner.name}@${owner.version}`;
		let tracer = this.tracers.get(key);
		if (!tracer) {
			tracer = this.makeTracer(owner.name, owner.version);
			this.tracers.set(key, tracer);
		}
		return tracer;
	}

	/** Sends what is buffered (OTLP) without stopping. */
	async flush(): Promise<void> {
		await Promise.all(this.processors.map(p => p.forceFlush()));
	}

	/** Flushes and stops the exporters; the broker calls it when it stops. */
	async shutdown(): Promise<void> {
		await this.flush();
		await Promise.all(this.processors.map(p => p.shutdown()));
	}

	private makeTracer(serviceName: string, version: string | number | undefined): Tracer {
		const attributes: Record<string, string> = { [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_INSTANCE_ID]: this.nodeID };
		if (version !== undefined) attributes[ATTR_SERVICE_VERSION] = String(version);
		if (this.namespace !== "") attributes[ATTR_SERVICE_NAMESPACE] = this.namespace;
		const processors = this.processors;
		return new BackbeatTracer(this.config.sampling, {
			resource: defaultResource().merge(resourceFromAttributes(attributes)),
			scope: SCOPE,
			onEnd(span: RecordedSpan) {
				for (const processor of processors) processor.onEnd(span);
			}
		});
	}
}

const runtimes = new WeakMap<ServiceBroker, TracingRuntime>();

export function attachTracing(broker: ServiceBroker, runtime: TracingRuntime): void {
	runtimes.set(broker, runtime);
}

/** The broker's tracing, or undefined when it is off (or the broker was not made by `createBroker`). */
export function tracingOf(broker: ServiceBroker): TracingRuntime | undefined {
	return runtimes.get(broker);
}

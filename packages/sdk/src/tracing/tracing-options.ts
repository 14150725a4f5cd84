import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Where OTLP/HTTP spans go. */
export interface OtlpOptions {
	/**
	 * The full URL spans are POSTed to. Env: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
	 * (used as is), else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`.
	 * Default `http://localhost:4318/v1/traces`.
	 */
	readonly endpoint?: string;
	/** Extra request headers (authentication). Env: `OTEL_EXPORTER_OTLP_HEADERS`, read by the exporter. Default none. */
	readonly headers?: Readonly<Record<string, string>>;
}

/** The in-memory store of recent traces (embedded mode, served by the gateway). */
export interface MemoryTraceOptions {
	/** Traces kept; the oldest is dropped when a new one starts. Default `100`. */
	readonly maxTraces?: number;
}

/**
 * `createBroker({ tracing })`: OpenTelemetry traces of calls (and, through the
 * messaging helpers, of messages). Off unless this option is given or an
 * OTLP endpoint is configured by environment variable.
 */
export interface TracingOptions {
	/**
	 * On or off. Default: on when `tracing` is given, or when
	 * `OTEL_TRACES_EXPORTER=otlp` or an `OTEL_EXPORTER_OTLP_*ENDPOINT` variable
	 * is set; off when `OTEL_SDK_DISABLED=true`. This option wins over the variables.
	 */
	readonly enabled?: boolean;
	/**
	 * `service.name` of every span this broker makes. Env: `OTEL_SERVICE_NAME`.
	 * Default: the Moleculer service the span belongs to (`tracks`; its version
	 * as `service.version`), and `backbeat` for calls made outside any service.
	 */
	readonly serviceName?: string;
	/**
	 * Share of new traces recorded, from 0 to 1. A call that arrives with a
	 * parent follows its parent's decision (parent-based sampling). Env:
	 * `OTEL_TRACES_SAMPLER` (`parentbased_traceidratio`, `traceidratio`,
	 * `always_on`, `always_off`, `parentbased_always_on`, `parentbased_always_off`)
	 * and `OTEL_TRACES_SAMPLER_ARG`. Default `1`.
	 */
	readonly sampleRatio?: number;
	/**
	 * OTLP/HTTP (JSON) export through a batch processor, or `false`. Default:
	 * on when an endpoint is given here or by variable, or `OTEL_TRACES_EXPORTER=otlp`.
	 */
	readonly otlp?: OtlpOptions | false;
	/**
	 * Keep the last traces in memory (`traceStore(broker)`), or `false`.
	 * Default: on (`maxTraces: 100`) when OTLP export is off, else off.
	 */
	readonly memory?: MemoryTraceOptions | false;
	/** More exporters, each behind its own batch processor. Default none. */
	readonly exporters?: readonly SpanExporter[];
}

export const TRACING_DEFAULTS = {
	serviceName: "backbeat",
	sampleRatio: 1,
	otlpEndpoint: "http://localhost:4318/v1/traces",
	maxTraces: 100
} as const;

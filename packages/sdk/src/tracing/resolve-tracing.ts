import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { booleanSetting, booleanText, configError, httpUrl, oneOf, positiveInt, ratio } from "../config/settings.js";
import { TRACING_DEFAULTS, type TracingOptions } from "./tracing-options.js";

/** How new traces are sampled: a ratio, and whether a parent's decision wins. */
export interface SamplingPolicy {
	readonly ratio: number;
	readonly parentBased: boolean;
}

/** Tracing settings after options and variables were merged and checked. */
export interface ResolvedTracing {
	/** Set when the option or variable fixes one name for every span. */
	readonly serviceName: string | undefined;
	readonly sampling: SamplingPolicy;
	readonly otlp: { readonly url: string; readonly headers: Readonly<Record<string, string>> } | undefined;
	readonly maxTraces: number | undefined;
	readonly exporters: readonly SpanExporter[];
}

const SAMPLER_NAMES = [
	"always_on",
	"always_off",
	"traceidratio",
	"parentbased_always_on",
	"parentbased_always_off",
	"parentbased_traceidratio"
] as const;

const SAMPLERS: Readonly<Record<(typeof SAMPLER_NAMES)[number], (ratio: number) => SamplingPolicy>> = {
	always_on: () => ({ ratio: 1, parentBased: false }),
	always_off: () => ({ ratio: 0, parentBased: false }),
	traceidratio: ratio => ({ ratio, parentBased: false }),
	parentbased_always_on: () => ({ ratio: 1, parentBased: true }),
	parentbased_always_off: () => ({ ratio: 0, parentBased: true }),
	parentbased_traceidratio: ratio => ({ ratio, parentBased: true })
};

const KEYS = new Set(["enabled", "serviceName", "sampleRatio", "otlp", "memory", "exporters"]);

function set(value: string | undefined): value is string {
	return value !== undefined && value.trim() !== "";
}

function sampling(options: TracingOptions, env: NodeJS.ProcessEnv): SamplingPolicy {
	if (options.sampleRatio !== undefined) return { ratio: ratio(options.sampleRatio, "tracing.sampleRatio"), parentBased: true };
	const name = env["OTEL_TRACES_SAMPLER"];
	const arg = env["OTEL_TRACES_SAMPLER_ARG"];
	const samplerRatio = set(arg) ? ratio(arg, "OTEL_TRACES_SAMPLER_ARG") : TRACING_DEFAULTS.sampleRatio;
	if (!set(name)) return { ratio: samplerRatio, parentBased: true };
	return SAMPLERS[oneOf(name.trim(), SAMPLER_NAMES, "OTEL_TRACES_SAMPLER")](samplerRatio);
}

function otlpEndpoint(options: TracingOptions, env: NodeJS.ProcessEnv): string | undefined {
	if (options.otlp && options.otlp.endpoint !== undefined) return httpUrl(options.otlp.endpoint, "tracing.otlp.endpoint");
	const traces = env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];
	if (set(traces)) return httpUrl(traces, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
	const base = env["OTEL_EXPORTER_OTLP_ENDPOINT"];
	// The spec: the signal path is appended to the generic endpoint, never to the per-signal one.
	if (set(base)) return httpUrl(`${base.replace(/\/+$/, "")}/v1/traces`, "OTEL_EXPORTER_OTLP_ENDPOINT");
	return undefined;
}

function exporterVariable(env: NodeJS.ProcessEnv): "otlp" | "none" | undefined {
	const value = env["OTEL_TRACES_EXPORTER"];
	if (!set(value)) return undefined;
	const trimmed = value.trim();
	if (trimmed === "otlp" || trimmed === "none") return trimmed;
	throw configError({ setting: "OTEL_TRACES_EXPORTER" }, `'${value}' is not supported: use otlp or none`);
}

function enabledByDefault(given: boolean, env: NodeJS.ProcessEnv): boolean {
	const disabled = env["OTEL_SDK_DISABLED"];
	if (set(disabled)) {
		if (booleanText(disabled, "OTEL_SDK_DISABLED")) return false;
	}
	if (given) return true;
	return exporterVariable(env) === "otlp" || set(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]) || set(env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
}

/**
 * Merges `createBroker({ tracing })` with the OTEL_* variables. Undefined
 * means tracing is off: the broker then installs nothing, so it costs nothing.
 */
export function resolveTracing(option: boolean | TracingOptions | undefined, env: NodeJS.ProcessEnv): ResolvedTracing | undefined {
	if (option !== undefined && typeof option !== "boolean" && (typeof option !== "object" || option === null || Array.isArray(option))) {
		throw configError({ setting: "tracing" }, `must be true, false or an options object, got ${JSON.stringify(option)}`);
	}
	const options: TracingOptions = typeof option === "object" ? option : {};
	for (const key of Object.keys(options)) {
		if (!KEYS.has(key)) throw configError({ setting: `tracing.${key}` }, `is not a tracing option (${[...KEYS].join(", ")})`);
	}
	if (options.enabled !== undefined) booleanSetting(options.enabled, "tracing.enabled");
	const enabled = typeof option === "boolean" ? option : (options.enabled ?? enabledByDefault(option !== undefined, env));
	if (!enabled) return undefined;

	const serviceName = options.serviceName ?? (set(env["OTEL_SERVICE_NAME"]) ? env["OTEL_SERVICE_NAME"].trim() : undefined);
	if (serviceName !== undefined && (typeof serviceName !== "string" || serviceName.trim() === "")) {
		throw configError({ setting: "tracing.serviceName" }, `must be a non-empty string, got ${JSON.stringify(serviceName)}`);
	}
	const endpoint = otlpEndpoint(options, env);
	const otlpOn =
		options.otlp === false ? false : options.otlp !== undefined || endpoint !== undefined || exporterVariable(env) === "otlp";
	const headers = options.otlp ? (options.otlp.headers ?? {}) : {};
	let maxTraces: number | undefined;
	if (options.memory !== false && (options.memory !== undefined || !otlpOn)) {
		maxTraces = positiveInt(options.memory?.maxTraces ?? TRACING_DEFAULTS.maxTraces, "tracing.memory.maxTraces");
	}
	const exporters = options.exporters ?? [];
	if (!Array.isArray(exporters) || exporters.some(e => typeof (e as Partial<SpanExporter> | null)?.export !== "function")) {
		throw configError({ setting: "tracing.exporters" }, "must be an array of span exporters (objects with export() and shutdown())");
	}
	return {
		serviceName,
		sampling: sampling(options, env),
		otlp: otlpOn ? { url: endpoint ?? TRACING_DEFAULTS.otlpEndpoint, headers } : undefined,
		maxTraces,
		exporters
	};
}

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { channelsMiddleware } from "../channels/channels-middleware.js";
import { resolveChannelAdapter } from "../channels/resolve-adapter.js";
import { BackbeatErrorRegenerator } from "../errors/regenerator.js";
import { resolveIdempotencyStore } from "../idempotency/resolve-store.js";
import { ResilienceRuntime } from "../resilience/resilience-runtime.js";
import { resilienceMiddleware } from "../resilience/resilience-middleware.js";
import { attachRuntimeSettings, defaultValidateResults, type RuntimeSettings } from "../service/runtime-settings.js";
import { BackbeatBroker } from "./backbeat-broker.js";
import type { BrokerOptions, LogLevel } from "./broker-options.js";
import { configError, type SettingSource } from "./config-error.js";
import { GuardedJSONSerializer } from "./guarded-serializer.js";
import { resolveTransporter } from "./transporters/resolve.js";
import { resolveTracing } from "../tracing/resolve-tracing.js";
import { tracingMiddleware } from "../tracing/rpc-middleware.js";
import { attachTracing, TracingRuntime } from "../tracing/tracing-runtime.js";

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace"];

/** An option's value and where it came from; the option wins over its variable. */
function pick<T>(option: T | undefined, optionName: string, env: string | undefined, envName: string): { value: T | string | undefined; source: SettingSource } {
	if (option !== undefined) return { value: option, source: { setting: optionName } };
	if (env !== undefined && env !== "") return { value: env, source: { setting: envName } };
	return { value: undefined, source: { setting: optionName } };
}

function positiveInt(value: number | undefined, fallback: number, setting: string): number {
	const chosen = value ?? fallback;
	if (!Number.isInteger(chosen) || chosen < 1) throw configError({ setting }, `must be a positive integer, got ${String(value)}`);
	return chosen;
}

function logLevel(value: string | undefined, source: SettingSource): LogLevel {
	if (value === undefined) return "info";
	const level = LOG_LEVELS.find(l => l === value);
	if (!level) throw configError(source, `'${value}' is not one of ${LOG_LEVELS.join(", ")}`);
	return level;
}

/**
 * The one way to make a broker: Moleculer with Backbeat's defaults. Bad
 * options throw CONFIG_INVALID at once, naming the option or variable.
 */
export function createBroker(options: BrokerOptions = {}, env: NodeJS.ProcessEnv = process.env): BackbeatBroker {
	const transporterSetting = pick(options.transporter, "transporter", env["BACKBEAT_TRANSPORTER"], "BACKBEAT_TRANSPORTER");
	const transporter = resolveTransporter(
		transporterSetting.value,
		transporterSetting.source,
		options,
		{ setting: "BACKBEAT_TCP_PEERS" },
		env["BACKBEAT_TCP_PEERS"]
	);
	const level = pick(options.logLevel, "logLevel", env["BACKBEAT_LOG_LEVEL"], "BACKBEAT_LOG_LEVEL");
	const namespace = options.namespace ?? env["BACKBEAT_NAMESPACE"] ?? "";
	// Moleculer's default (<hostname>-<pid>) collides when one process runs two brokers, as tests do.
	const nodeID = options.nodeID || env["BACKBEAT_NODE_ID"] || `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
	for (const flag of ["validateResults", "metrics"] as const) {
		if (options[flag] !== undefined && typeof options[flag] !== "boolean") throw configError({ setting: flag }, `must be true or false, got ${JSON.stringify(options[flag])}`);
	}
	if (options.services !== undefined && !Array.isArray(options.services)) throw configError({ setting: "services" }, "must be an array of service schemas (from defineService)");
	const requestTimeout = positiveInt(options.requestTimeout, 10_000, "requestTimeout");
	const maxPayloadBytes = positiveInt(options.maxPayloadBytes, 1024 * 1024, "maxPayloadBytes");
	const connectTimeout = positiveInt(options.connectTimeout, 10_000, "connectTimeout");

	const tracingConfig = resolveTracing(options.tracing, env);
	const tracing = tracingConfig && new TracingRuntime(tracingConfig, nodeID, namespace);

	const resilience = new ResilienceRuntime(options.resilience ?? {}, requestTimeout);
	const store = pick(options.idempotencyStore, "idempotencyStore", env["BACKBEAT_IDEMPOTENCY_STORE"], "BACKBEAT_IDEMPOTENCY_STORE");
	const settings: RuntimeSettings = {
		validateResults: options.validateResults ?? defaultValidateResults(env),
		resilience,
		idempotency: resolveIdempotencyStore(store.value, store.source, namespace, resilience.clock)
	};

	const channelOptions = typeof options.channels === "string" ? { url: options.channels } : (options.channels ?? {});
	const channelsUrl = pick(channelOptions.url, "channels", env["BACKBEAT_CHANNELS_URL"], "BACKBEAT_CHANNELS_URL");
	const channelsTarget = channelsUrl.value ?? (transporter.kind === "in-process" ? "in-process" : undefined);
	const channels = channelsTarget === undefined ? undefined : resolveChannelAdapter(channelsTarget, channelsUrl.source, channelOptions);

	const broker = new BackbeatBroker(
		{
			namespace,
			nodeID,
			transporter: transporter.config,
			serializer: new GuardedJSONSerializer(maxPayloadBytes),
			errorRegenerator: new BackbeatErrorRegenerator(),
			requestTimeout,
			logLevel: logLevel(level.value, level.source),
			// Moleculer's metrics and tracing cost ~30x on local calls: metrics only on request, tracing is Backbeat's own.
			metrics: options.metrics ?? false,
			tracing: false,
			// Tracing outermost, so a client span also sees calls the circuit breaker refused.
			middlewares: [resilienceMiddleware(settings), ...(tracing ? [tracingMiddleware(tracing)] : []), ...(channels ? [channelsMiddleware(channels.adapter)] : [])]
		},
		transporter.config === null ? undefined : { transporter: transporter.display, setting: transporterSetting.source.setting, connectTimeout }
	);
	attachRuntimeSettings(broker, settings);
	if (tracing) attachTracing(broker, tracing);
	for (const service of options.services ?? []) broker.createService(service);
	// Options for another transporter are ignored; say so instead of staying silent.
	if (options.nats && transporter.kind !== "nats") broker.logger.warn(`'nats' options are ignored: the transporter is ${transporter.display}`);
	if (options.tcpPeers && transporter.kind !== "tcp") broker.logger.warn(`'tcpPeers' is ignored: the transporter is ${transporter.display}`);
	if (options.amqp && transporter.kind !== "amqp") broker.logger.warn(`'amqp' options are ignored: the transporter is ${transporter.display}`);
	return broker;
}

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Middleware } from "moleculer";
import { channelsMiddleware } from "../channels/channels-middleware.js";
import { resolveChannelAdapter } from "../channels/resolve-adapter.js";
import { BackbeatErrorRegenerator } from "../errors/regenerator.js";
import { resolveIdempotencyStore } from "../idempotency/resolve-store.js";
import { ResilienceRuntime } from "../resilience/resilience-runtime.js";
import { resilienceMiddleware } from "../resilience/resilience-middleware.js";
import { attachRuntimeSettings, defaultValidateResults, type RuntimeSettings } from "./runtime-settings.js";
import { BackbeatBroker } from "./backbeat-broker.js";
import { BROKER_DEFAULTS, type BrokerOptions } from "./broker-options.js";
import { LOG_LEVELS } from "../config/log-levels.js";
import { attachBrokerTime } from "../time/broker-time.js";
import { booleanSetting, configError, oneOf, positiveInt, readSetting } from "../config/settings.js";
import { GuardedJSONSerializer } from "./guarded-serializer.js";
import { resolveTransporter } from "./transporters/resolve.js";
import { resolveTracing } from "../tracing/resolve-tracing.js";
import { tracingMiddleware } from "../tracing/rpc-middleware.js";
import { attachTracing, TracingRuntime } from "../tracing/tracing-runtime.js";

/** Closes what the broker opened for its services (the idempotency store's connection) once it has stopped. */
function closeOnStop(resource: { close(): Promise<void> }): Middleware {
	return { name: "BackbeatClose", stopped: () => resource.close() } as Middleware;
}

/**
 * The one way to make a broker: Moleculer with Backbeat's defaults. Bad
 * options throw CONFIG_INVALID at once, naming the option or variable.
 */
export function createBroker(options: BrokerOptions = {}, env: NodeJS.ProcessEnv = process.env): BackbeatBroker {
	const transporterSetting = readSetting(options.transporter, "transporter", env, "BACKBEAT_TRANSPORTER");
	const transporter = resolveTransporter(
		transporterSetting.value ?? BROKER_DEFAULTS.transporter,
		transporterSetting.source,
		options,
		{ setting: "BACKBEAT_TCP_PEERS" },
		env["BACKBEAT_TCP_PEERS"]
	);
	const level = readSetting(options.logLevel, "logLevel", env, "BACKBEAT_LOG_LEVEL");
	const namespace = options.namespace ?? env["BACKBEAT_NAMESPACE"] ?? BROKER_DEFAULTS.namespace;
	// Moleculer's default (<hostname>-<pid>) collides when one process runs two brokers, as tests do.
	const nodeID = options.nodeID || env["BACKBEAT_NODE_ID"] || `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
	for (const flag of ["validateResults", "metrics"] as const) {
		if (options[flag] !== undefined) booleanSetting(options[flag], flag);
	}
	if (options.services !== undefined && !Array.isArray(options.services))
		throw configError({ setting: "services" }, "must be an array of service schemas (from defineService)");
	const requestTimeout = positiveInt(options.requestTimeout ?? BROKER_DEFAULTS.requestTimeout, "requestTimeout");
	const maxPayloadBytes = positiveInt(options.maxPayloadBytes ?? BROKER_DEFAULTS.maxPayloadBytes, "maxPayloadBytes");
	const connectTimeout = positiveInt(options.connectTimeout ?? BROKER_DEFAULTS.connectTimeout, "connectTimeout");

	const tracingConfig = resolveTracing(options.tracing, env);
	const tracing = tracingConfig && new TracingRuntime(tracingConfig, nodeID, namespace);

	const resilience = new ResilienceRuntime(options.resilience ?? {}, requestTimeout);
	const store = readSetting(options.idempotencyStore, "idempotencyStore", env, "BACKBEAT_IDEMPOTENCY_STORE");
	const storeUrl = store.value ?? BROKER_DEFAULTS.idempotencyStore;
	const secret = readSetting(options.idempotencySecret, "idempotencySecret", env, "BACKBEAT_IDEMPOTENCY_SECRET");
	const settings: RuntimeSettings = {
		validateResults: options.validateResults ?? defaultValidateResults(env),
		resilience,
		idempotency: resolveIdempotencyStore(storeUrl, store.source, namespace, resilience.clock),
		// One process's memory store can use a key nobody else knows; a shared store needs a key every instance has.
		fingerprintKey: secret.value ?? (storeUrl === "memory" ? randomBytes(32).toString("base64url") : "")
	};

	const channelOptions = typeof options.channels === "string" ? { url: options.channels } : (options.channels ?? {});
	const channelsUrl = readSetting(channelOptions.url, "channels", env, "BACKBEAT_CHANNELS_URL");
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
			logLevel: level.value === undefined ? BROKER_DEFAULTS.logLevel : oneOf(level.value, LOG_LEVELS, level.source),
			// Moleculer's metrics and tracing cost ~30x on local calls: metrics only on request, tracing is Backbeat's own.
			metrics: options.metrics ?? BROKER_DEFAULTS.metrics,
			tracing: false,
			// Tracing outermost, so a client span also sees calls the circuit breaker refused.
			middlewares: [
				resilienceMiddleware(resilience),
				closeOnStop(settings.idempotency),
				...(tracing ? [tracingMiddleware(tracing)] : []),
				...(channels ? [channelsMiddleware(channels.adapter)] : [])
			]
		},
		transporter.config === null
			? undefined
			: { transporter: transporter.display, setting: transporterSetting.source.setting, connectTimeout }
	);
	attachRuntimeSettings(broker, settings);
	attachBrokerTime(broker, { clock: resilience.clock, random: resilience.random });
	if (tracing) attachTracing(broker, tracing);
	for (const service of options.services ?? []) broker.createService(service);
	// Options for another transporter are ignored; say so instead of staying silent.
	if (options.nats && transporter.kind !== "nats")
		broker.logger.warn(`'nats' options are ignored: the transporter is ${transporter.display}`);
	if (options.tcpPeers && transporter.kind !== "tcp")
		broker.logger.warn(`'tcpPeers' is ignored: the transporter is ${transporter.display}`);
	if (options.amqp && transporter.kind !== "amqp")
		broker.logger.warn(`'amqp' options are ignored: the transporter is ${transporter.display}`);
	return broker;
}

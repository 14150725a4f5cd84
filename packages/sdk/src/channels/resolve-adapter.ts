import { createRequire } from "node:module";
import Channels from "@moleculer/channels";
import { configError, positiveInt, type SettingSource } from "../config/settings.js";
import { CHANNEL_DEFAULTS, type ChannelOptions } from "./channel-options.js";
import { MemoryChannelAdapter } from "./memory-adapter.js";

export type ChannelKind = "in-process" | "nats" | "redis";
export type ChannelAdapter = InstanceType<typeof Channels.Adapters.Base>;

export interface ResolvedChannels {
	readonly kind: ChannelKind;
	readonly adapter: ChannelAdapter;
	readonly options: Required<Omit<ChannelOptions, "url">>;
}

const require = createRequire(import.meta.url);
const CLIENTS: Readonly<Record<Exclude<ChannelKind, "in-process">, string>> = { nats: "nats", redis: "ioredis" };
const SCHEMES: Readonly<Record<string, Exclude<ChannelKind, "in-process">>> = {
	"nats:": "nats",
	"redis:": "redis",
	"rediss:": "redis"
};
const NS_PER_MS = 1_000_000;

// Channels gives up on a message after maxRetries and drops it (or parks it in
// its own dead-letter queue); Backbeat counts attempts itself and keeps dead
// letters in SQL, so the broker must redeliver for as long as it takes.
const NEVER_DROP = Number.MAX_SAFE_INTEGER;

/**
 * Builds the @moleculer/channels adapter for a channels URL with settings
 * that keep every message: JetStream streams and consumers deliver what was
 * published before a consumer group existed (`deliver_policy: all`, Redis
 * `startID: 0`; channels' defaults deliver only newer messages, the reason a
 * message sent from `started()` could be lost), reconnect forever, and never
 * drop after N redeliveries.
 */
export function resolveChannelAdapter(url: string, source: SettingSource, options: ChannelOptions): ResolvedChannels {
	const resolved = {
		maxInFlight: positiveInt(options.maxInFlight ?? CHANNEL_DEFAULTS.maxInFlight, "channels.maxInFlight"),
		ackWaitMs: positiveInt(options.ackWaitMs ?? CHANNEL_DEFAULTS.ackWaitMs, "channels.ackWaitMs"),
		retentionMs: positiveInt(options.retentionMs ?? CHANNEL_DEFAULTS.retentionMs, "channels.retentionMs"),
		duplicateWindowMs: positiveInt(options.duplicateWindowMs ?? CHANNEL_DEFAULTS.duplicateWindowMs, "channels.duplicateWindowMs")
	};
	if (url === "in-process" || url === "memory") {
		return { kind: "in-process", adapter: new MemoryChannelAdapter({ maxInFlight: resolved.maxInFlight }), options: resolved };
	}
	let scheme: string;
	try {
		scheme = new URL(url).protocol;
	} catch {
		throw configError(source, `'${url}' is not a channels URL; use in-process, nats:// (JetStream) or redis:// (Redis Streams)`);
	}
	if (scheme === "amqp:" || scheme === "amqps:") {
		// Measured, not assumed: the AMQP adapter of @moleculer/channels 0.1.8 publishes without
		// publisher confirms, and a fanout exchange drops messages while no group's queue is bound.
		throw configError(
			source,
			"AMQP channels can't keep the outbox's promise (no publisher confirms in @moleculer/channels 0.1.8; messages sent before a consumer group's queue exists are dropped); use nats:// (JetStream) or redis:// (Redis Streams)"
		);
	}
	const kind = SCHEMES[scheme];
	if (!kind)
		throw configError(
			source,
			`unsupported channels scheme '${scheme}'; use in-process, nats:// (JetStream) or redis:// (Redis Streams)`
		);
	try {
		require.resolve(CLIENTS[kind]);
	} catch {
		throw configError(source, `${kind} channels need the '${CLIENTS[kind]}' package: npm install ${CLIENTS[kind]}`);
	}
	const common = { maxInFlight: resolved.maxInFlight, maxRetries: NEVER_DROP, deadLettering: { enabled: false } };
	if (kind === "nats") {
		const adapter = new Channels.Adapters.NATS({
			...common,
			nats: {
				url,
				connectionOptions: { maxReconnectAttempts: -1, reconnectTimeWait: 250 },
				streamConfig: { max_age: resolved.retentionMs * NS_PER_MS, duplicate_window: resolved.duplicateWindowMs * NS_PER_MS },
				consumerOptions: { config: { deliver_policy: "all", ack_wait: resolved.ackWaitMs * NS_PER_MS, max_deliver: -1 } }
			}
		});
		return { kind, adapter, options: resolved };
	}
	const adapter = new Channels.Adapters.Redis({
		...common,
		redis: { url, consumerOptions: { startID: "0", minIdleTime: resolved.ackWaitMs, claimInterval: 500 } }
	});
	return { kind, adapter, options: resolved };
}

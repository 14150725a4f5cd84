import { createRequire } from "node:module";
import { Transporters } from "moleculer";
import { configError, positiveInt, type SettingSource } from "../../config/settings.js";
import { BROKER_DEFAULTS } from "../broker-options.js";
import { LoopbackTcpTransporter } from "./loopback-tcp.js";

/** Options passed through to the NATS client (nats.js `ConnectionOptions`). */
export interface NatsClientOptions {
	readonly user?: string;
	readonly pass?: string;
	readonly token?: string;
	/** TLS options, e.g. `{ caFile, certFile, keyFile }`; passed to nats.js as they are. */
	readonly tls?: Record<string, unknown>;
}

export interface TransportOptions {
	/** NATS authentication and TLS, passed through to the NATS client. */
	readonly nats?: NatsClientOptions;
	/** AMQP tuning. */
	readonly amqp?: {
		/** Unacknowledged messages a consumer may hold. Default `64` (Moleculer's default 1 caps throughput at ~20 calls/s). */
		readonly prefetch?: number;
	};
	/** TCP discovery: peers as `host:port/nodeID`. Default: none, or `BACKBEAT_TCP_PEERS` (comma separated). */
	readonly tcpPeers?: readonly string[];
}

export type TransporterConfig = InstanceType<typeof Transporters.Base> | null;

export interface ResolvedTransporter {
	readonly kind: "in-process" | "nats" | "redis" | "amqp" | "mqtt" | "tcp";
	/** The URL with any password masked, for messages and logs. */
	readonly display: string;
	readonly config: TransporterConfig;
}

const CLIENT_PACKAGES = { nats: "nats@2", redis: "ioredis@5", amqp: "amqplib@0.10", mqtt: "mqtt@5" } as const;
const SCHEMES: Readonly<Record<string, ResolvedTransporter["kind"]>> = {
	"nats:": "nats",
	"tls:": "nats",
	"redis:": "redis",
	"rediss:": "redis",
	"amqp:": "amqp",
	"amqps:": "amqp",
	"mqtt:": "mqtt",
	"mqtts:": "mqtt",
	"tcp:": "tcp"
};
const IN_PROCESS = new Set(["", "in-process", "local", "none"]);

const require = createRequire(import.meta.url);

function requireClient(kind: keyof typeof CLIENT_PACKAGES, source: SettingSource): void {
	const spec = CLIENT_PACKAGES[kind];
	const name = spec.slice(0, spec.lastIndexOf("@"));
	try {
		require.resolve(name);
	} catch {
		throw configError(source, `the ${kind} transporter needs the '${name}' package: npm install ${spec}`);
	}
}

function mask(url: URL): string {
	if (!url.password) return url.href;
	const copy = new URL(url.href);
	copy.password = "***";
	return copy.href;
}

function parsePeers(peers: readonly string[], source: SettingSource): string[] {
	return peers.map(peer => {
		if (!/^[^:/\s]+:\d{1,5}\/[^/\s]+$/.test(peer)) {
			throw configError(source, `peer '${peer}' must look like host:port/nodeID`);
		}
		return peer;
	});
}

/**
 * Turns a transporter URL into Moleculer's transporter config with Backbeat's
 * defaults. An unknown scheme, a malformed URL or a missing client package is
 * a CONFIG_INVALID error naming the setting.
 */
export function resolveTransporter(
	value: string | undefined,
	source: SettingSource,
	options: TransportOptions,
	peersSource: SettingSource,
	envPeers: string | undefined
): ResolvedTransporter {
	const text = (value ?? "").trim();
	if (IN_PROCESS.has(text)) return { kind: "in-process", display: "in-process", config: null };

	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw configError(source, `'${text}' is not a URL; expected nats://, redis://, amqp://, mqtt://, tcp://host:port or in-process`);
	}
	const kind = SCHEMES[url.protocol];
	if (!kind) {
		throw configError(
			source,
			`unsupported scheme '${url.protocol}' in '${mask(url)}'; expected nats://, redis://, amqp://, mqtt://, tcp:// or in-process`
		);
	}
	const display = mask(url);
	switch (kind) {
		case "nats":
			requireClient("nats", source);
			return { kind, display, config: new Transporters.NATS({ url: url.href, ...options.nats }) };
		case "redis":
			requireClient("redis", source);
			return { kind, display, config: new Transporters.Redis(url.href) };
		case "mqtt": {
			requireClient("mqtt", source);
			// Moleculer's MQTT typings omit the URL form its constructor accepts.
			const mqttOptions = url.href as unknown as ConstructorParameters<typeof Transporters.MQTT>[0];
			return { kind, display, config: new Transporters.MQTT(mqttOptions) };
		}
		case "amqp": {
			requireClient("amqp", source);
			const prefetch = positiveInt(options.amqp?.prefetch ?? BROKER_DEFAULTS.amqpPrefetch, { setting: "amqp.prefetch" });
			// Nagle's algorithm holds small request packets back for up to 40 ms; RPC wants them sent now.
			const amqpOptions = { url: url.href, prefetch, socketOptions: { noDelay: true } };
			return { kind, display, config: new Transporters.AMQP(amqpOptions as ConstructorParameters<typeof Transporters.AMQP>[0]) };
		}
		case "tcp": {
			const port = url.port === "" ? 0 : Number(url.port);
			const host = url.hostname === "" ? "127.0.0.1" : url.hostname.replace(/^\[(.*)\]$/, "$1");
			if (host === "0.0.0.0" || host === "::") {
				throw configError(
					source,
					`tcp host ${host} listens everywhere and can't be announced to peers; give the address of the interface to listen on`
				);
			}
			const peerList =
				options.tcpPeers ??
				(envPeers
					? envPeers
							.split(",")
							.map(p => p.trim())
							.filter(Boolean)
					: []);
			const peers = parsePeers(peerList, options.tcpPeers ? { setting: "tcpPeers" } : peersSource);
			return { kind, display, config: new LoopbackTcpTransporter({ host, port, peers }) };
		}
		default:
			throw configError(source, `unsupported transporter kind '${kind}'`);
	}
}

import type { ServiceSchema } from "moleculer";
import type { LogLevel } from "../config/log-levels.js";
import type { ChannelOptions } from "../channels/channel-options.js";
import type { ResilienceOptions } from "../resilience/resilience-options.js";
import type { TracingOptions } from "../tracing/tracing-options.js";
import type { TransportOptions } from "./transporters/resolve.js";

/**
 * Options of `createBroker`. Each option falls back to its environment
 * variable, then to the default shown; an explicit option wins over the
 * variable.
 */
export interface BrokerOptions extends TransportOptions {
	/**
	 * Where calls and events travel: `in-process` (every service in this
	 * process), `nats://host:4222`, `redis://host:6379`, `amqp://user:pass@host:5672`,
	 * `mqtt://host:1883` or `tcp://host:port` (listens on `host`, loopback when
	 * empty; port 0 picks one). Env: `BACKBEAT_TRANSPORTER`. Default `in-process`.
	 */
	readonly transporter?: string;
	/** Brokers only see others of the same namespace. Env: `BACKBEAT_NAMESPACE`. Default `""`. */
	readonly namespace?: string;
	/** Unique id of this node. Env: `BACKBEAT_NODE_ID`. Default: `<hostname>-<pid>-<4 random hex digits>`. */
	readonly nodeID?: string;
	/** Env: `BACKBEAT_LOG_LEVEL`. Default `info`. */
	readonly logLevel?: LogLevel;
	/** Deadline of a call whose contract action has no `timeout`, in ms. Default `10000`. */
	readonly requestTimeout?: number;
	/** Validate handler results against the contract. Default: on unless `NODE_ENV=production`. */
	readonly validateResults?: boolean;
	/** Largest request, response or event payload in bytes (JSON). Default `1048576`, NATS's default limit. */
	readonly maxPayloadBytes?: number;
	/** How long `start()` waits for the transporter to connect, in ms. Default `10000`. */
	readonly connectTimeout?: number;
	/** Deadlines, retries, retry budget, circuit breaker and idempotency TTL; see the README for each default. */
	readonly resilience?: ResilienceOptions;
	/**
	 * Where callees record idempotency-key outcomes: `memory` (this process) or
	 * `redis://host:6379` (shared by every instance). Env: `BACKBEAT_IDEMPOTENCY_STORE`. Default `memory`.
	 */
	readonly idempotencyStore?: string;
	/**
	 * Key of the HMAC that fingerprints a keyed call's params in the store (a
	 * store reader then learns nothing about them, card numbers included);
	 * every instance sharing a store needs the same one. Env:
	 * `BACKBEAT_IDEMPOTENCY_SECRET`. Default: a random key per process with the
	 * memory store; with Redis, none (a plain SHA-256 of the params).
	 */
	readonly idempotencySecret?: string;
	/** Turn on Moleculer's metrics registry (and Backbeat's resilience counters). Default `false`: it costs throughput. */
	readonly metrics?: boolean;
	/**
	 * Durable channels for outbox events: a URL (`in-process`, `nats://…`
	 * for JetStream, `redis://…` for Redis Streams) or options.
	 * Env: `BACKBEAT_CHANNELS_URL`. Default `in-process` when the transporter
	 * is in-process, otherwise none.
	 */
	readonly channels?: string | ChannelOptions;
	/**
	 * OpenTelemetry tracing of calls: `true`, `false` or options (sampling, OTLP,
	 * in-memory store). Env: the `OTEL_*` variables. Default off; see the README's Tracing section.
	 */
	readonly tracing?: boolean | TracingOptions;
	/** Services to create on the broker (from `defineService` or plain Moleculer schemas). Default none. */
	readonly services?: readonly ServiceSchema[];
}

/** The defaults of `createBroker`'s plain options (resilience, channels and tracing have their own). */
export const BROKER_DEFAULTS = {
	transporter: "in-process",
	namespace: "",
	logLevel: "info",
	requestTimeout: 10_000,
	maxPayloadBytes: 1_048_576,
	connectTimeout: 10_000,
	idempotencyStore: "memory",
	metrics: false,
	amqpPrefetch: 64
} as const satisfies Record<string, string | number | boolean>;

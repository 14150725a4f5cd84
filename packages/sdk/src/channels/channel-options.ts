/** Durable channels (the outbox relay's destination and consumers' source). */
export interface ChannelOptions {
	/**
	 * `in-process` (embedded mode), `nats://host:4222` (JetStream) or
	 * `redis://host:6379` (Redis Streams; run Redis with `appendfsync always`
	 * or acknowledged messages can be lost in a crash).
	 * Env: `BACKBEAT_CHANNELS_URL`. Default `in-process` when the transporter
	 * is in-process, otherwise none (a service with an outbox or consumers
	 * then fails to start, naming this setting).
	 */
	readonly url?: string;
	/**
	 * Messages a consumer handles at once (events of one key still run one
	 * at a time, in order). Default `100`: channels' default of 1 held a Redis
	 * Streams consumer to ~480 events/s here.
	 */
	readonly maxInFlight?: number;
	/**
	 * How long a delivered, unacknowledged message waits before the broker
	 * hands it out again (JetStream `ack_wait`; Redis Streams claim idle
	 * time), in ms. Default `30000`.
	 */
	readonly ackWaitMs?: number;
	/** How long a stream keeps messages (JetStream `max_age`), in ms. Default 7 days. */
	readonly retentionMs?: number;
	/** Window in which JetStream drops a re-published event id (`duplicate_window`), in ms. Default `120000`. */
	readonly duplicateWindowMs?: number;
}

export const CHANNEL_DEFAULTS = {
	maxInFlight: 100,
	ackWaitMs: 30_000,
	retentionMs: 7 * 24 * 3600_000,
	duplicateWindowMs: 120_000
} as const;

/**
 * What travels on a channel for every outbox event. The id is the identity
 * consumers deduplicate by; `key` orders events (rows of one key are
 * published, and handled, in commit order); `traceContext` holds the W3C
 * `traceparent`/`tracestate` of the transaction that committed it.
 */
export interface EventEnvelope<P = unknown> {
	readonly id: string;
	/** The channel, `<contract full name>.<event>`, e.g. `v1.playlists.trackAdded`. */
	readonly type: string;
	readonly key: string;
	readonly payload: P;
	/** ISO-8601 time of the commit's `publish()` call. */
	readonly occurredAt: string;
	/** The contract version the payload was written with. */
	readonly schemaVersion: number;
	readonly traceContext?: Readonly<Record<string, string>>;
}

/** Checks a received message is an envelope before anything trusts its fields. */
export function isEnvelope(value: unknown): value is EventEnvelope {
	if (typeof value !== "object" || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v["id"] === "string" &&
		v["id"] !== "" &&
		typeof v["type"] === "string" &&
		typeof v["key"] === "string" &&
		"payload" in v &&
		typeof v["occurredAt"] === "string" &&
		typeof v["schemaVersion"] === "number"
	);
}

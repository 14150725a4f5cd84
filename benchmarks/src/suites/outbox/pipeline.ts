import type { Database, EventEnvelope } from "@backbeat/sdk";
import type { ConsumerTables, ProducerTables } from "./bench-ledger.js";

/**
 * A producer database, a consumer on the other side of a channel, and the
 * relays between them: what one group of the outbox suite measures, wherever
 * its parts run (one process, or a process per relay and one for the consumer).
 */
export interface Pipeline {
	/** The producer's database: its state table and outbox. */
	readonly producer: Database<ProducerTables>;
	/** The consumer's database as the suite reads it (rows handled per run). */
	readonly consumer: Database<ConsumerTables>;
	/** The raw baseline's publish: `sendToChannel` straight to the broker, after the commit. */
	sendRaw(envelope: EventEnvelope): Promise<void>;
	/** Starts or stops relays until exactly `count` run. */
	useRelays(count: number): Promise<void>;
	/** Stops everything and removes what the pipeline created on shared servers (schemas, streams, keys, files). */
	stop(): Promise<void>;
}

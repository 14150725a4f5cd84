import { randomUUID } from "node:crypto";
import { eventName, type Database, type EventEnvelope } from "@backbeat/sdk";
import { BenchLedgerContract, type ProducerTables } from "./bench-ledger.js";
import type { Pipeline } from "./pipeline.js";

/** Commits one state change and its event; resolves when the producer is done with it. */
export type WriteEvent = (run: string, seq: number) => Promise<void>;

/** Aggregates the events are keyed by: enough that per-key ordering rarely makes a consumer wait. */
const KEYS = 256;
const keyOf = (seq: number) => `k${seq % KEYS}`;
const TYPE = eventName(BenchLedgerContract, "entryRecorded");

/** The outbox way: the state row and the event in one transaction; a relay publishes after the commit. */
export function outboxWriter(db: Database<ProducerTables>): WriteEvent {
	return async (run, seq) => {
		const key = keyOf(seq);
		await db.transaction(async tx => {
			const envelope = await tx.publish(BenchLedgerContract, "entryRecorded", { run, key, seq }, { key });
			await tx.db.insertInto("entries").values({ id: envelope.id, run, key, seq }).execute();
		});
	};
}

/**
 * The raw baseline: the same state row in a transaction, then, after the
 * commit, the same envelope sent straight to the channel. Nothing makes the
 * send happen if the process dies between the two: the outbox's reason to be.
 */
export function rawWriter(pipeline: Pipeline): WriteEvent {
	return async (run, seq) => {
		const key = keyOf(seq);
		const id = randomUUID();
		const occurredAt = await pipeline.producer.transaction(async tx => {
			await tx.db.insertInto("entries").values({ id, run, key, seq }).execute();
			return Date.now();
		});
		const envelope: EventEnvelope = {
			id,
			type: TYPE,
			key,
			payload: { run, key, seq },
			occurredAt: new Date(occurredAt).toISOString(),
			schemaVersion: BenchLedgerContract.version
		};
		await pipeline.sendRaw(envelope);
	};
}

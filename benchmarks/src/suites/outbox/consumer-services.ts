import { consume, defineService, type Database, type EventEnvelope } from "@backbeat/sdk";
import type { ServiceSchema } from "moleculer";
import { BenchLedgerContract, BenchReaderContract, RAW_CHANNEL, RAW_GROUP, type ConsumerTables } from "./bench-ledger.js";

export interface ConsumerTuning {
	/** Messages in flight per consumer (both the SDK consumer and the raw handler). Default: the broker's (100). */
	readonly maxInFlight?: number;
}

/**
 * The two consumers the suite compares, on one broker and one database: the
 * SDK's (`consume`: inbox row, payload validation, events arriving together in one transaction,
 * per-key order) and a plain @moleculer/channels handler that does the same
 * side-effect insert and nothing else.
 */
export function consumerServices(db: Database<ConsumerTables>, tuning: ConsumerTuning = {}): ServiceSchema[] {
	const consumer = consume(
		BenchLedgerContract,
		db,
		{
			async entryRecorded(event, tx) {
				const { run, key, seq } = event.payload;
				await tx.db
					.insertInto("handled")
					.values({ event_id: event.id, run, key, seq, occurred_at: Date.parse(event.occurredAt), handled_at: Date.now() })
					.execute();
			}
		},
		tuning.maxInFlight === undefined ? {} : { maxInFlight: tuning.maxInFlight }
	);
	const outboxReader = defineService(BenchReaderContract, { actions: {}, consumers: [consumer] }) as ServiceSchema;
	// Moleculer's ServiceSchema type does not know @moleculer/channels' `channels` section.
	const rawReader = {
		name: "bench-raw-reader",
		channels: {
			[RAW_CHANNEL]: {
				group: RAW_GROUP,
				...(tuning.maxInFlight === undefined ? {} : { maxInFlight: tuning.maxInFlight }),
				async handler(message: EventEnvelope<{ run: string; key: string; seq: number }>) {
					const { run, key, seq } = message.payload;
					await db.db
						.insertInto("handled")
						.values({
							event_id: message.id,
							run,
							key,
							seq,
							occurred_at: Date.parse(message.occurredAt),
							handled_at: Date.now()
						})
						.execute();
				}
			}
		}
	};
	return [outboxReader, rawReader as ServiceSchema];
}

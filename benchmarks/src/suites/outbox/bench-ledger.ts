// What the outbox benchmark's producer and consumer exchange: the event, the
// producer's state table and the consumer's side-effect table. The consumer's
// table is also the measurement: each row says when its event was committed
// (`occurred_at`) and when the consumer handled it (`handled_at`).
import { defineContract, type Migration } from "@backbeat/sdk";
import { z } from "zod";

export const BenchLedgerContract = defineContract({
	name: "bench-ledger",
	version: 1,
	actions: {},
	events: {
		entryRecorded: { payload: z.object({ run: z.string(), key: z.string(), seq: z.number().int() }) }
	}
});

/** The consuming service (it has no actions; it only consumes). */
export const BenchReaderContract = defineContract({ name: "bench-ledger-reader", version: 1, actions: {} });

/** The raw baseline's channel: the same event, sent with `sendToChannel` after the commit, no outbox. */
export const RAW_CHANNEL = "bench.raw-ledger.entryRecorded";
export const RAW_GROUP = "bench-raw-reader";

export interface ProducerTables {
	entries: { id: string; run: string; key: string; seq: number };
}

export interface ConsumerTables {
	handled: { event_id: string; run: string; key: string; seq: number; occurred_at: number | string; handled_at: number | string };
}

export const producerMigrations: readonly Migration[] = [
	{
		id: "001-entries",
		async up(db) {
			await db.schema
				.createTable("entries")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("run", "text", c => c.notNull())
				.addColumn("key", "text", c => c.notNull())
				.addColumn("seq", "integer", c => c.notNull())
				.execute();
		}
	}
];

export const consumerMigrations: readonly Migration[] = [
	{
		id: "001-handled",
		async up(db) {
			// No unique key: a duplicate delivery would show up as a second row.
			await db.schema
				.createTable("handled")
				.addColumn("event_id", "text", c => c.notNull())
				.addColumn("run", "text", c => c.notNull())
				.addColumn("key", "text", c => c.notNull())
				.addColumn("seq", "integer", c => c.notNull())
				.addColumn("occurred_at", "bigint", c => c.notNull())
				.addColumn("handled_at", "bigint", c => c.notNull())
				.execute();
			// The suite polls the count of one run while events arrive.
			await db.schema.createIndex("handled_run").on("handled").column("run").execute();
		}
	}
];

import { sql, type Kysely, type Transaction } from "kysely";
import type { SqlDatabase } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import type { OutboxRow } from "./outbox-row.js";

// Advisory lock space of relays' partition locks.
export const PARTITION_LOCK = 0x6b6f;

/** Publishes claimed rows and says which went out; `markSent` records those. */
export type PublishRows = (rows: readonly OutboxRow[]) => Promise<readonly OutboxRow[]>;

export interface RoundResult {
	readonly claimed: number;
	readonly published: number;
	/** More rows are probably waiting (a full batch, or partitions left unclaimed). */
	readonly more: boolean;
}

async function markSent(db: Kysely<SdkTables> | Transaction<SdkTables>, rows: readonly OutboxRow[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.updateTable("backbeat_outbox")
		.set({ sent_at: Date.now() })
		.where("id", "in", rows.map(row => row.id))
		.execute();
}

/**
 * One relay round on PostgreSQL. In a transaction, the relay locks up to
 * `partitionsPerBatch` partitions that have unsent rows (skipping partitions
 * another relay holds), reads their unsent rows in id order, publishes, and
 * marks what was published; the commit releases the locks. A partition
 * belongs to one relay at a time, so no row is published by two relays at
 * once and a key's rows go out in order. A crash before the commit leaves
 * the rows unsent: they are published again (at least once; consumers
 * deduplicate by event id).
 */
export async function claimAndPublishPostgres(database: SqlDatabase<unknown>, batchSize: number, partitionsPerBatch: number, publish: PublishRows): Promise<RoundResult> {
	return database.sdk.transaction().execute(async tx => {
		// One statement claims the partitions: rows are pulled lazily up to the limit, so
		// only the partitions returned are locked (random order spreads relays over them).
		const claimed = await sql<{ partition: number; pending: number | string }>`
			select partition, pending from (
				select partition, count(*) over () as pending
				from (select distinct partition from backbeat_outbox where sent_at is null) as p
				order by random()
			) as candidates
			where pg_try_advisory_xact_lock(${PARTITION_LOCK}, partition)
			limit ${partitionsPerBatch}`.execute(tx);
		const locked = claimed.rows.map(row => row.partition);
		if (locked.length === 0) return { claimed: 0, published: 0, more: false };
		const pendingPartitions = Number(claimed.rows[0]?.pending ?? 0);
		const rows = await tx.selectFrom("backbeat_outbox").selectAll().where("sent_at", "is", null).where("partition", "in", locked).orderBy("id").limit(batchSize).execute();
		const sent = await publish(rows);
		await markSent(tx, sent);
		// Partitions this round left to others (or a full batch) mean work is waiting: go again at once.
		return { claimed: rows.length, published: sent.length, more: rows.length === batchSize || pendingPartitions > locked.length };
	});
}

/**
 * One relay round on SQLite: embedded mode has one process and one relay per
 * database, so no locks; reading outside a transaction keeps writers free
 * while messages are published.
 */
export async function claimAndPublishSqlite(database: SqlDatabase<unknown>, batchSize: number, publish: PublishRows): Promise<RoundResult> {
	const db = database.sdk;
	const rows = await db.selectFrom("backbeat_outbox").selectAll().where("sent_at", "is", null).orderBy("id").limit(batchSize).execute();
	const sent = await publish(rows);
	await markSent(db, sent);
	return { claimed: rows.length, published: sent.length, more: rows.length === batchSize };
}

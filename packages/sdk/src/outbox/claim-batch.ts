import { sql, type Kysely, type Transaction } from "kysely";
import type { SqlDatabase } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import type { OutboxRow } from "./outbox-row.js";

// Advisory lock space of relays' partition locks.
export const PARTITION_LOCK = 0x6b6f;

/** Publishes claimed rows and says which went out; `markSent` records those. */
export type PublishRows = (rows: readonly OutboxRow[]) => Promise<readonly OutboxRow[]>;

function shuffled<T>(items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[items[i], items[j]] = [items[j] as T, items[i] as T];
	}
	return items;
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
export async function claimAndPublishPostgres(database: SqlDatabase<unknown>, batchSize: number, partitionsPerBatch: number, publish: PublishRows): Promise<{ claimed: number; published: number }> {
	const db = database.sdk;
	return db.transaction().execute(async tx => {
		const pending = await sql<{ partition: number }>`select distinct partition from backbeat_outbox where sent_at is null`.execute(tx);
		const locked: number[] = [];
		for (const { partition } of shuffled(pending.rows)) {
			if (locked.length >= partitionsPerBatch) break;
			const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${PARTITION_LOCK}, ${partition}) as ok`.execute(tx);
			if (got.rows[0]?.ok) locked.push(partition);
		}
		if (locked.length === 0) return { claimed: 0, published: 0 };
		const rows = await tx.selectFrom("backbeat_outbox").selectAll().where("sent_at", "is", null).where("partition", "in", locked).orderBy("id").limit(batchSize).execute();
		const sent = await publish(rows);
		await markSent(tx, sent);
		return { claimed: rows.length, published: sent.length };
	});
}

/**
 * One relay round on SQLite: embedded mode has one process and one relay per
 * database, so no locks; reading outside a transaction keeps writers free
 * while messages are published.
 */
export async function claimAndPublishSqlite(database: SqlDatabase<unknown>, batchSize: number, publish: PublishRows): Promise<{ claimed: number; published: number }> {
	const db = database.sdk;
	const rows = await db.selectFrom("backbeat_outbox").selectAll().where("sent_at", "is", null).orderBy("id").limit(batchSize).execute();
	const sent = await publish(rows);
	await markSent(db, sent);
	return { claimed: rows.length, published: sent.length };
}

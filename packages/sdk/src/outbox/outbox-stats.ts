import { sql, type Kysely } from "kysely";
import type { SdkTables } from "../storage/sdk-tables.js";

export interface OutboxStats {
	/** Committed events not yet published. */
	readonly pending: number;
	/** Age of the oldest unpublished event in ms (0 when none). */
	readonly lagMs: number;
}

export async function readOutboxStats(db: Kysely<SdkTables>): Promise<OutboxStats> {
	const result = await sql<{ pending: number | string; oldest: number | string | null }>`
		select count(*) as pending, min(occurred_at) as oldest from backbeat_outbox where sent_at is null`.execute(db);
	const row = result.rows[0];
	const oldest = row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest);
	return { pending: Number(row?.pending ?? 0), lagMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest) };
}

/** Deletes sent rows older than `retentionMs`, a bounded number per call. */
export async function deleteSentRows(db: Kysely<SdkTables>, retentionMs: number, limit = 10_000): Promise<number> {
	const before = Date.now() - retentionMs;
	const result = await db
		.deleteFrom("backbeat_outbox")
		.where("id", "in", eb => eb.selectFrom("backbeat_outbox").select("id").where("sent_at", "<", before).limit(limit))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

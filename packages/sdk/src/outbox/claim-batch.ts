import type { Kysely } from "kysely";
import type { SdkStorage } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import type { OutboxRow } from "./outbox-row.js";

/** Publishes claimed rows and says which went out; `markSent` records those. */
export type PublishRows = (rows: readonly OutboxRow[]) => Promise<readonly OutboxRow[]>;

export interface RoundResult {
	readonly claimed: number;
	readonly published: number;
	/** More rows are probably waiting (a full batch, or partitions left unclaimed). */
	readonly more: boolean;
	/** Relays sharing the outbox, this one included, as the round counted them (always 1 on SQLite). */
	readonly relays: number;
}

async function markSent(db: Kysely<SdkTables>, rows: readonly OutboxRow[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.updateTable("backbeat_outbox")
		.set({ sent_at: Date.now() })
		.where(
			"id",
			"in",
			rows.map(row => row.id)
		)
		.execute();
}

/**
 * One relay round on SQLite: embedded mode has one process and one relay per
 * database, so no locks; reading outside a transaction keeps writers free
 * while messages are published.
 */
export async function claimAndPublishSqlite(database: SdkStorage, batchSize: number, publish: PublishRows): Promise<RoundResult> {
	const db = database.sdk;
	const rows = await db.selectFrom("backbeat_outbox").selectAll().where("sent_at", "is", null).orderBy("id").limit(batchSize).execute();
	const sent = await publish(rows);
	await markSent(db, sent);
	return { claimed: rows.length, published: sent.length, more: rows.length === batchSize, relays: 1 };
}

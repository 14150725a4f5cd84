import { sql, type ColumnDefinitionBuilder, type Generated, type Kysely } from "kysely";
import type { Migration } from "./migrations.js";

/** Rows of the SDK's own tables, as Kysely sees them (ids and times are numbers in JS). */
export interface OutboxTable {
	id: Generated<number | string>;
	event_id: string;
	channel: string;
	event_key: string;
	partition: number;
	payload: string;
	/** JSON object of message headers (trace context) recorded at publish time, or null. */
	headers: string | null;
	schema_version: number;
	occurred_at: number | string;
	sent_at: number | string | null;
}

export interface InboxTable {
	consumer_group: string;
	event_id: string;
	handled_at: number | string;
}

export interface DeadLetterTable {
	id: Generated<number | string>;
	consumer_group: string;
	event_id: string;
	channel: string;
	envelope: string;
	error: string;
	attempts: number;
	first_failed_at: number | string;
	last_failed_at: number | string;
}

export interface SdkTables {
	backbeat_outbox: OutboxTable;
	backbeat_inbox: InboxTable;
	backbeat_dead_letters: DeadLetterTable;
}

/** The SDK's schema; ids start with `backbeat/` so they never clash with a service's own. */
export const SDK_MIGRATIONS: readonly Migration[] = [
	{
		id: "backbeat/001-outbox-inbox-dead-letters",
		async up(db: Kysely<unknown>, dialect) {
			const serial = dialect === "postgres" ? "bigserial" : "integer";
			const withId = (column: ColumnDefinitionBuilder) =>
				dialect === "postgres" ? column.primaryKey() : column.primaryKey().autoIncrement();
			await db.schema
				.createTable("backbeat_outbox")
				.addColumn("id", serial, withId)
				.addColumn("event_id", "text", c => c.notNull().unique())
				.addColumn("channel", "text", c => c.notNull())
				.addColumn("event_key", "text", c => c.notNull())
				.addColumn("partition", "integer", c => c.notNull())
				.addColumn("payload", "text", c => c.notNull())
				.addColumn("headers", "text")
				.addColumn("schema_version", "integer", c => c.notNull())
				.addColumn("occurred_at", "bigint", c => c.notNull())
				.addColumn("sent_at", "bigint")
				.execute();
			// The relay reads unsent rows of a partition in id order; sent rows are only read by the cleanup.
			await db.schema
				.createIndex("backbeat_outbox_pending")
				.on("backbeat_outbox")
				.columns(["partition", "id"])
				.where(sql.ref("sent_at"), "is", null)
				.execute();
			await db.schema
				.createIndex("backbeat_outbox_sent")
				.on("backbeat_outbox")
				.column("sent_at")
				.where(sql.ref("sent_at"), "is not", null)
				.execute();
			await db.schema
				.createTable("backbeat_inbox")
				.addColumn("consumer_group", "text", c => c.notNull())
				.addColumn("event_id", "text", c => c.notNull())
				.addColumn("handled_at", "bigint", c => c.notNull())
				.addPrimaryKeyConstraint("backbeat_inbox_pk", ["consumer_group", "event_id"])
				.execute();
			await db.schema.createIndex("backbeat_inbox_handled").on("backbeat_inbox").column("handled_at").execute();
			await db.schema
				.createTable("backbeat_dead_letters")
				.addColumn("id", serial, withId)
				.addColumn("consumer_group", "text", c => c.notNull())
				.addColumn("event_id", "text", c => c.notNull())
				.addColumn("channel", "text", c => c.notNull())
				.addColumn("envelope", "text", c => c.notNull())
				.addColumn("error", "text", c => c.notNull())
				.addColumn("attempts", "integer", c => c.notNull())
				.addColumn("first_failed_at", "bigint", c => c.notNull())
				.addColumn("last_failed_at", "bigint", c => c.notNull())
				.addUniqueConstraint("backbeat_dead_letters_event", ["consumer_group", "event_id"])
				.execute();
		}
	},
	{
		// Embedded mode commits once per event, so every page an outbox insert dirties is
		// written to the WAL each time: the unique index on the random event id (a random
		// leaf page per insert) and AUTOINCREMENT's sqlite_sequence row were two of about
		// seven, and guard nothing (ids are v4 UUIDs; a reused rowid after the cleanup
		// deleted the newest rows is still above every unsent row). The one relay reads
		// unsent rows by id alone, so its index needs no partition. PostgreSQL keeps its layout.
		id: "backbeat/002-sqlite-lean-outbox",
		async up(db: Kysely<unknown>, dialect) {
			if (dialect !== "sqlite") return;
			await sql`create table backbeat_outbox_lean (
				id integer primary key, event_id text not null, channel text not null, event_key text not null,
				partition integer not null, payload text not null, headers text, schema_version integer not null,
				occurred_at bigint not null, sent_at bigint)`.execute(db);
			await sql`insert into backbeat_outbox_lean select id, event_id, channel, event_key, partition, payload, headers, schema_version, occurred_at, sent_at from backbeat_outbox`.execute(
				db
			);
			await sql`drop table backbeat_outbox`.execute(db);
			await sql`alter table backbeat_outbox_lean rename to backbeat_outbox`.execute(db);
			await sql`delete from sqlite_sequence where name = 'backbeat_outbox'`.execute(db);
			await db.schema
				.createIndex("backbeat_outbox_pending")
				.on("backbeat_outbox")
				.column("id")
				.where(sql.ref("sent_at"), "is", null)
				.execute();
			await db.schema
				.createIndex("backbeat_outbox_sent")
				.on("backbeat_outbox")
				.column("sent_at")
				.where(sql.ref("sent_at"), "is not", null)
				.execute();
		}
	}
];

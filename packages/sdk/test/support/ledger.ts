// A producer that commits ledger entries with an outbox event, and a consumer
// that records each handled event in its own table. The tables are the
// ledgers the outbox tests compare: what was committed, what was handled
// (duplicates stay visible: `handled` has no unique key).
import { sql, type Generated, type Kysely } from "kysely";
import { z } from "zod";
import { consume, defineContract, defineService, openDatabase, type Database, type Migration } from "../../src/index.js";
import { eventually } from "../../src/testing/index.js";

export const LedgerContract = defineContract({
	name: "ledger",
	version: 1,
	actions: {},
	events: {
		entryRecorded: { payload: z.object({ key: z.string(), seq: z.number().int(), poison: z.boolean().optional() }) }
	}
});

export const LedgerReaderContract = defineContract({ name: "ledger-reader", version: 1, actions: {} });

export interface ProducerTables {
	committed: { event_id: string; key: string; seq: number };
}

export interface ConsumerTables {
	handled: { id: Generated<number | string>; event_id: string; key: string; seq: number };
}

const producerMigrations: Migration[] = [
	{
		id: "001-committed",
		async up(db) {
			await db.schema
				.createTable("committed")
				.addColumn("event_id", "text", c => c.primaryKey())
				.addColumn("key", "text", c => c.notNull())
				.addColumn("seq", "integer", c => c.notNull())
				.execute();
		}
	}
];

const consumerMigrations: Migration[] = [
	{
		id: "001-handled",
		async up(db, dialect) {
			await db.schema
				.createTable("handled")
				.addColumn("id", dialect === "postgres" ? "bigserial" : "integer", c => c.primaryKey())
				.addColumn("event_id", "text", c => c.notNull())
				.addColumn("key", "text", c => c.notNull())
				.addColumn("seq", "integer", c => c.notNull())
				.execute();
		}
	}
];

export function openProducerDatabase(url: string): Database<ProducerTables> {
	return openDatabase<ProducerTables>({ url, migrations: producerMigrations });
}

export function openConsumerDatabase(url: string): Database<ConsumerTables> {
	return openDatabase<ConsumerTables>({ url, migrations: consumerMigrations });
}

/** Commits one entry and its event; `rollback` makes the transaction fail after publishing. */
export async function recordEntry(
	db: Database<ProducerTables>,
	key: string,
	seq: number,
	options: { rollback?: boolean; poison?: boolean; delayMs?: number } = {}
): Promise<string | undefined> {
	try {
		return await db.transaction(async tx => {
			const envelope = await tx.publish(
				LedgerContract,
				"entryRecorded",
				{ key, seq, ...(options.poison ? { poison: true } : {}) },
				{ key }
			);
			await tx.db.insertInto("committed").values({ event_id: envelope.id, key, seq }).execute();
			if (options.delayMs) await new Promise(resolve => setTimeout(resolve, options.delayMs));
			if (options.rollback) throw new Error("rolled back on purpose");
			return envelope.id;
		});
	} catch (error) {
		if (options.rollback && error instanceof Error && error.message === "rolled back on purpose") return undefined;
		throw error;
	}
}

/**
 * The consumer service; `poisonFixed` decides whether poison entries fail;
 * `onScope` sees the transaction scope of every handler call (one scope per
 * consumer transaction, so tests can count transactions).
 */
export function ledgerReader(
	db: Database<ConsumerTables>,
	options: { poisonFixed?: () => boolean; maxAttempts?: number; group?: string; onScope?: (scope: object) => void } = {}
) {
	const consumer = consume(
		LedgerContract,
		db,
		{
			async entryRecorded(event, tx) {
				options.onScope?.(tx);
				if (event.payload.poison && !options.poisonFixed?.()) throw new Error(`cannot handle poison entry ${event.payload.seq}`);
				await tx.db.insertInto("handled").values({ event_id: event.id, key: event.payload.key, seq: event.payload.seq }).execute();
			}
		},
		{ maxAttempts: options.maxAttempts ?? 3, backoff: { baseMs: 5, capMs: 20 }, ...(options.group ? { group: options.group } : {}) }
	);
	return { consumer, service: defineService(LedgerReaderContract, { actions: {}, consumers: [consumer] }) };
}

export interface LedgerReport {
	committed: number;
	handledRows: number;
	handledDistinct: number;
	/** Committed events never handled. */
	missing: number;
	/** Handled events that were never committed (from rolled-back transactions). */
	phantom: number;
	/** Keys whose events were handled out of seq order. */
	keysOutOfOrder: number;
}

/** Compares the two ledgers (they may live in different databases). */
export async function compareLedgers(producer: Database<ProducerTables>, consumer: Database<ConsumerTables>): Promise<LedgerReport> {
	const committed = await producer.db.selectFrom("committed").select(["event_id"]).execute();
	const handled = await consumer.db.selectFrom("handled").select(["event_id", "key", "seq", "id"]).orderBy("id").execute();
	const committedIds = new Set(committed.map(r => r.event_id));
	const handledIds = new Set(handled.map(r => r.event_id));
	const lastSeq = new Map<string, number>();
	const outOfOrder = new Set<string>();
	for (const row of handled) {
		const last = lastSeq.get(row.key);
		if (last !== undefined && row.seq < last) outOfOrder.add(row.key);
		lastSeq.set(row.key, row.seq);
	}
	return {
		committed: committedIds.size,
		handledRows: handled.length,
		handledDistinct: handledIds.size,
		missing: [...committedIds].filter(id => !handledIds.has(id)).length,
		phantom: [...handledIds].filter(id => !committedIds.has(id)).length,
		keysOutOfOrder: outOfOrder.size
	};
}

/** Distinct events the consumer has handled so far. */
export async function handledCount(consumer: Database<ConsumerTables>): Promise<number> {
	await consumer.migrate();
	const row = await sql<{ n: number | string }>`select count(distinct event_id) as n from handled`.execute(
		consumer.db as Kysely<unknown>
	);
	return Number(row.rows[0]?.n ?? 0);
}

/**
 * Waits until the consumer has handled `count` distinct events, printing
 * progress every 2 s; resolves with the count reached, also when
 * `timeoutMs` passes first (the test's assertions then say what is missing).
 */
export async function waitForHandled(
	consumer: Database<ConsumerTables>,
	count: number,
	timeoutMs: number,
	log: (line: string) => void = () => undefined
): Promise<number> {
	let handled = 0;
	let lastLog = Date.now();
	const reached = async () => {
		handled = await handledCount(consumer);
		if (Date.now() - lastLog > 2000) {
			log(`handled ${handled}/${count}`);
			lastLog = Date.now();
		}
		return handled >= count;
	};
	await eventually(reached, { timeoutMs, intervalMs: 50, what: `${count} events handled` }).catch(() => undefined);
	return handled;
}

// One relay round on PostgreSQL, driven directly: how many partitions a relay
// takes (its share of the waiting ones, by the relays present), that it never
// reads a partition another relay holds, and that a round costs two round
// trips to the database.
import type pg from "pg";
import t from "tap";
import type { Test } from "tap";
import {
	announcePresence,
	claimAndPublishPostgres,
	PARTITION_LOCK,
	presenceKey,
	type PostgresRound
} from "../../src/outbox/claim-postgres.js";
import type { OutboxRow } from "../../src/outbox/outbox-row.js";
import { partitionOf } from "../../src/outbox/partition.js";
import type { SqlDatabase } from "../../src/storage/database.js";
import { skipUnlessServer } from "../../src/testing/index.js";
import { openProducerDatabase, recordEntry } from "../support/ledger.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

/** Keys that fall into `count` different partitions, one key per partition. */
function keysInPartitions(count: number): string[] {
	const byPartition = new Map<number, string>();
	for (let i = 0; byPartition.size < count; i++) {
		const key = `key-${i}`;
		if (!byPartition.has(partitionOf(key))) byPartition.set(partitionOf(key), key);
	}
	return [...byPartition.values()];
}

/** A producer database with two committed events in each of `partitions` partitions. */
async function outboxWithRows(t: Test, partitions: number) {
	const db = openProducerDatabase(testDatabaseUrl(t, "postgres", "round"));
	t.teardown(() => db.close());
	for (const key of keysInPartitions(partitions)) {
		await recordEntry(db, key, 0);
		await recordEntry(db, key, 1);
	}
	const sqlDb = db as unknown as SqlDatabase<unknown>;
	return { pool: sqlDb.pool as pg.Pool, key: presenceKey(sqlDb.wakeChannel) };
}

/** `count` sessions that announce themselves as running relays of the outbox, until the test ends. */
async function relaysPresent(t: Test, pool: pg.Pool, key: number, count: number): Promise<void> {
	for (let i = 0; i < count; i++) {
		const client = await pool.connect();
		t.teardown(() => client.release(true));
		await announcePresence(client, key);
	}
}

const publishAll = (seen: OutboxRow[]) => async (rows: readonly OutboxRow[]) => {
	seen.push(...rows);
	return rows;
};
const partitionsOf = (rows: readonly OutboxRow[]) => new Set(rows.map(row => row.partition)).size;
const round = (key: number, maxPartitions = 32): PostgresRound => ({ batchSize: 500, maxPartitions, presenceKey: key });

const skip = await skipUnlessServer("postgres");

t.test("a relay alone takes every partition with waiting rows in one round", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 20);
	await relaysPresent(t, pool, key, 1);
	const seen: OutboxRow[] = [];
	const result = await claimAndPublishPostgres(pool, round(key), publishAll(seen));
	t.equal(partitionsOf(seen), 20, "all 20 partitions");
	t.equal(result.relays, 1);
	t.equal(result.published, 40);
	t.equal(result.more, false, "nothing left");
	const again = await claimAndPublishPostgres(pool, round(key), publishAll([]));
	t.equal(again.claimed, 0, "the rows are marked sent");
});

t.test("with two relays present, a round takes half of the waiting partitions", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 20);
	await relaysPresent(t, pool, key, 2);
	const seen: OutboxRow[] = [];
	const result = await claimAndPublishPostgres(pool, round(key), publishAll(seen));
	t.equal(partitionsOf(seen), 10);
	t.equal(result.more, true, "the other half is still waiting");
	t.equal(result.relays, 2, "the round reports the relays it counted (they pace their rounds)");
});

t.test("partitionsPerBatch caps the share; no presence counts as one relay", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 20);
	const seen: OutboxRow[] = [];
	await claimAndPublishPostgres(pool, round(key, 4), publishAll(seen));
	t.equal(partitionsOf(seen), 4);
	const rest: OutboxRow[] = [];
	await claimAndPublishPostgres(pool, round(key), publishAll(rest));
	t.equal(partitionsOf(rest), 16, "then the rest, with no relay announced");
});

t.test("a partition another relay holds is neither locked nor read", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 6);
	const other = await pool.connect();
	t.teardown(() => other.release(true));
	const held = keysInPartitions(6).map(partitionOf)[0] as number;
	await other.query("begin");
	await other.query("select pg_advisory_xact_lock($1, $2)", [PARTITION_LOCK, held]);
	const seen: OutboxRow[] = [];
	const result = await claimAndPublishPostgres(pool, round(key), publishAll(seen));
	t.equal(partitionsOf(seen), 5);
	t.notOk(
		seen.some(row => row.partition === held),
		"no row of the held partition"
	);
	t.equal(result.more, true, "the held partition still waits");
	await other.query("commit");
	const later: OutboxRow[] = [];
	await claimAndPublishPostgres(pool, round(key), publishAll(later));
	t.same([...new Set(later.map(row => row.partition))], [held], "released, it goes out next");
});

t.test("rows a failed round read stay unsent, and its locks are released", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 3);
	await t.rejects(
		claimAndPublishPostgres(pool, round(key), async () => {
			throw new Error("broker gone");
		}),
		/broker gone/
	);
	const seen: OutboxRow[] = [];
	await claimAndPublishPostgres(pool, round(key), publishAll(seen));
	t.equal(seen.length, 6, "every row again");
});

t.test("a round costs two round trips: claim and read, then mark and commit", { skip }, async t => {
	const { pool, key } = await outboxWithRows(t, 4);
	let queries = 0;
	const counting = {
		async connect() {
			const client = await pool.connect();
			const query = client.query.bind(client) as (text: string) => Promise<unknown>;
			return Object.assign(Object.create(client) as pg.PoolClient, {
				query: (text: string) => {
					queries++;
					return query(text);
				},
				release: (error?: Error) => client.release(error)
			});
		}
	} as unknown as pg.Pool;
	const result = await claimAndPublishPostgres(counting, round(key), publishAll([]));
	t.equal(result.published, 8);
	t.equal(queries, 2);
});

import type * as Pg from "pg";
import { hash32, OUTBOX_PARTITIONS } from "./partition.js";
import type { PublishRows, RoundResult } from "./claim-batch.js";
import type { OutboxRow } from "./outbox-row.js";

// Advisory lock space of relays' partition locks.
export const PARTITION_LOCK = 0x6b6f;
// Advisory lock space of relays' presence: each running relay holds a shared
// session lock here (on its LISTEN connection), so a round can count them.
export const PRESENCE_LOCK = 0x6b70;

/** The presence lock key of one outbox (its NOTIFY channel names its schema); non-negative, so it compares with pg_locks' oid columns. */
export function presenceKey(wakeChannel: string): number {
	return hash32(wakeChannel) & 0x7fffffff;
}

/** Marks a session as a running relay of the outbox `key` until the session ends. */
export async function announcePresence(client: Pg.ClientBase, key: number): Promise<void> {
	await client.query("select pg_advisory_lock_shared($1, $2)", [PRESENCE_LOCK, key]);
}

/** Which outbox the relay works on and how much of it one round may take. */
export interface PostgresRound {
	readonly batchSize: number;
	/** Upper bound of partitions per round; the relay takes its share of the waiting ones, at most this. */
	readonly maxPartitions: number;
	readonly presenceKey: number;
}

const integer = (value: number): string => {
	if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${String(value)}`);
	return String(value);
};

/**
 * The round's opening, sent as one simple-protocol query (so it costs one
 * round trip; that protocol takes no parameters, hence the integer literals).
 * The claim probes each partition for an unsent row (an index probe each,
 * however long the backlog), counts the relays present, and locks this
 * relay's share of the waiting partitions, skipping those another relay
 * holds: a relay alone takes them all, three take a third each. Candidates
 * are pulled lazily up to the limit, so only the partitions returned are
 * locked (random order spreads relays over them); `offset 0` keeps the
 * planner from pushing the lock call below the sort, where it would lock
 * every candidate. The rows are read by a second statement, whose snapshot
 * is taken after the locks were granted, so rows another relay marked sent
 * just before are not read again; it finds the partitions this transaction
 * locked in pg_locks.
 */
function openingSql(round: PostgresRound): string {
	return `begin;
		with waiting as materialized (
			select p as partition from generate_series(0, ${OUTBOX_PARTITIONS - 1}) as p
			where exists (select 1 from backbeat_outbox where partition = p and sent_at is null)
		), relays as (
			select greatest(1, count(*)) as n from pg_locks
			where locktype = 'advisory' and classid = ${PRESENCE_LOCK} and objid = ${integer(round.presenceKey)} and objsubid = 2 and granted
				and database = (select oid from pg_database where datname = current_database())
		)
		select partition, (select count(*) from waiting) as pending, (select n from relays) as relays from (select partition from waiting order by random() offset 0) as candidates
		where pg_try_advisory_xact_lock(${PARTITION_LOCK}, partition)
		limit (select least(${integer(round.maxPartitions)}, ceil((select count(*) from waiting)::numeric / n)) from relays);
		select * from backbeat_outbox
		where sent_at is null and partition in (
			select objid::bigint from pg_locks
			where locktype = 'advisory' and pid = pg_backend_pid() and classid = ${PARTITION_LOCK} and objsubid = 2 and granted
		)
		order by id limit ${integer(round.batchSize)}`;
}

function closingSql(sent: readonly OutboxRow[]): string {
	if (sent.length === 0) return "commit";
	const ids = sent.map(row => String(BigInt(row.id))).join(",");
	return `update backbeat_outbox set sent_at = ${integer(Date.now())} where id in (${ids}); commit`;
}

/**
 * One relay round on PostgreSQL, on one pooled connection: open a
 * transaction, lock partitions with unsent rows and read their rows in id
 * order (one round trip), publish, then mark what was published and commit
 * (a second one); the commit releases the locks. A partition belongs to one
 * relay at a time, so no row is published by two relays at once and a key's
 * rows go out in order. A crash before the commit leaves the rows unsent:
 * they are published again (at least once; consumers deduplicate by event id).
 */
export async function claimAndPublishPostgres(pool: Pg.Pool, round: PostgresRound, publish: PublishRows): Promise<RoundResult> {
	const client = await pool.connect();
	let release: Error | undefined;
	try {
		const results = (await client.query(openingSql(round))) as unknown as Pg.QueryResult[];
		const claimed = (results[1]?.rows ?? []) as { partition: number; pending: number | string; relays: number | string }[];
		const rows = (results[2]?.rows ?? []) as OutboxRow[];
		if (claimed.length === 0) {
			await client.query("commit");
			return { claimed: 0, published: 0, more: false, relays: 1 };
		}
		const pendingPartitions = Number(claimed[0]?.pending ?? 0);
		const relays = Number(claimed[0]?.relays ?? 1);
		const sent = await publish(rows);
		await client.query(closingSql(sent));
		// Partitions this round left to others (or a full batch) mean work is waiting: go again at once.
		return {
			claimed: rows.length,
			published: sent.length,
			more: rows.length === round.batchSize || pendingPartitions > claimed.length,
			relays
		};
	} catch (error) {
		// Nothing was committed: nothing is marked, and the rollback frees the locks. A connection
		// that cannot even roll back is in an unknown state: the pool drops it.
		await client.query("rollback").catch((rollbackError: unknown) => {
			release = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
		});
		throw error;
	} finally {
		client.release(release);
	}
}

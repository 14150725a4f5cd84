import type { Kysely, Transaction } from "kysely";
import type { EventEnvelope } from "../outbox/envelope.js";
import { validate, type Schema } from "../schema/standard-schema.js";
import { validationFailed } from "../errors/validation-failed.js";
import type { SqlDatabase } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import { runInTransaction } from "../storage/open-transactions.js";
import { createScope, type TransactionScope } from "../outbox/transaction-scope.js";
import { inMessageScope } from "./consumer-spans.js";

/** What a consumer's handler receives: the envelope with its payload validated, and which attempt this is. */
export interface ConsumedEvent<P> extends EventEnvelope<P> {
	/** 1 on first delivery; counts up on retries and replays. */
	readonly attempt: number;
}

export type EventConsumer<P, T> = (event: ConsumedEvent<P>, tx: TransactionScope<T>) => Promise<void>;

/** One event to handle, with its contract's payload schema and the handler for its type. */
export interface EventWork<T> {
	readonly envelope: EventEnvelope;
	readonly payloadSchema: Schema;
	readonly handler: EventConsumer<unknown, T>;
	readonly attempt: number;
}

export type HandleOutcome =
	/** Committed: `handled` ran now; `duplicates` were in the inbox already (or twice in this batch). */
	| { readonly kind: "committed"; readonly handled: readonly EventEnvelope[]; readonly duplicates: readonly EventEnvelope[] }
	/** Rolled back, nothing changed: `envelope`'s payload was invalid (`permanent`) or its handler threw. */
	| { readonly kind: "failed"; readonly envelope: EventEnvelope; readonly error: unknown; readonly permanent: boolean };

// Thrown inside the transaction to roll it back after a handler failed; never escapes.
const ROLLBACK = Symbol("rollback");

/**
 * Handles `work` in one transaction of the consumer's database: records
 * every event id in the inbox with one statement (ids already there are
 * duplicates and change nothing), validates each payload and runs the
 * handlers one after another, in the given order. Any invalid payload or
 * failing handler rolls back the whole transaction and is returned; a
 * failure of the database itself is thrown, so the broker redelivers the
 * messages later and the attempt does not count against them.
 */
export async function handleInTransaction<T>(
	database: SqlDatabase<T>,
	group: string,
	work: readonly EventWork<T>[]
): Promise<HandleOutcome> {
	let outcome: HandleOutcome | undefined;
	const handled: EventEnvelope[] = [];
	const duplicates: EventEnvelope[] = [];
	const state = { published: 0 };
	try {
		await database.db.transaction().execute(async tx => {
			const sdkTx = tx as unknown as Kysely<SdkTables>;
			const now = Date.now();
			const inserted = await sdkTx
				.insertInto("backbeat_inbox")
				.values(work.map(item => ({ consumer_group: group, event_id: item.envelope.id, handled_at: now })))
				.onConflict(oc => oc.columns(["consumer_group", "event_id"]).doNothing())
				.returning("event_id")
				.execute();
			const fresh = new Set(inserted.map(row => row.event_id));
			const scope = createScope(tx, database.dialect, state);
			for (const { envelope, payloadSchema, handler, attempt } of work) {
				// Deleting marks the id used, so a message delivered twice into one batch runs once.
				if (!fresh.delete(envelope.id)) {
					duplicates.push(envelope);
					continue;
				}
				const checked = await validate(payloadSchema, envelope.payload);
				if (!checked.ok) {
					outcome = {
						kind: "failed",
						envelope,
						error: validationFailed(envelope.type, "payload", checked.issues),
						permanent: true
					};
					throw ROLLBACK;
				}
				try {
					// The handler's transaction is the open one of its database, as inside database.transaction().
					await runInTransaction(database, tx as Transaction<unknown>, () =>
						inMessageScope(envelope, () => handler({ ...envelope, payload: checked.value, attempt }, scope))
					);
				} catch (error) {
					outcome = { kind: "failed", envelope, error, permanent: false };
					throw ROLLBACK;
				}
				handled.push(envelope);
			}
		});
	} catch (error) {
		if (error !== ROLLBACK) throw error;
	}
	if (outcome) return outcome;
	// Events the handlers published are committed now: wake this process's relay.
	if (state.published > 0) database.eventsCommitted();
	return { kind: "committed", handled, duplicates };
}

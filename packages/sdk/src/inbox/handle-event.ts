import type { Kysely } from "kysely";
import type { EventEnvelope } from "../outbox/envelope.js";
import { validate, type Schema } from "../schema/standard-schema.js";
import { validationFailed } from "../errors/validation-failed.js";
import type { SqlDatabase } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import { createScope, type TransactionScope } from "../storage/transaction-scope.js";

/** What a consumer's handler receives: the envelope with its payload validated, and which attempt this is. */
export interface ConsumedEvent<P> extends EventEnvelope<P> {
	/** 1 on first delivery; counts up on retries and replays. */
	readonly attempt: number;
}

export type EventConsumer<P, T> = (event: ConsumedEvent<P>, tx: TransactionScope<T>) => Promise<void>;

export type AttemptOutcome =
	| { readonly kind: "handled" }
	| { readonly kind: "duplicate" }
	| { readonly kind: "failed"; readonly error: unknown; readonly permanent: boolean };

// Thrown inside the transaction to roll it back after the handler failed; never escapes.
const ROLLBACK = Symbol("rollback");

/**
 * One attempt, in one transaction of the consumer's database: record the
 * event id in the inbox (a duplicate finds it there and changes nothing),
 * validate the payload, run the handler. The handler's failure rolls back
 * its writes and the inbox row and is returned; a failure of the database
 * itself is thrown, so the broker redelivers the message later and the
 * attempt does not count against the event.
 */
export async function attemptOnce<T>(
	database: SqlDatabase<T>,
	group: string,
	envelope: EventEnvelope,
	payloadSchema: Schema,
	handler: EventConsumer<unknown, T>,
	attempt: number
): Promise<AttemptOutcome> {
	let outcome: AttemptOutcome = { kind: "handled" };
	const state = { published: 0 };
	try {
		await database.db.transaction().execute(async tx => {
			const sdkTx = tx as unknown as Kysely<SdkTables>;
			const inserted = await sdkTx
				.insertInto("backbeat_inbox")
				.values({ consumer_group: group, event_id: envelope.id, handled_at: Date.now() })
				.onConflict(oc => oc.columns(["consumer_group", "event_id"]).doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
				outcome = { kind: "duplicate" };
				return;
			}
			const checked = await validate(payloadSchema, envelope.payload);
			if (!checked.ok) {
				outcome = { kind: "failed", error: validationFailed(envelope.type, "payload", checked.issues), permanent: true };
				throw ROLLBACK;
			}
			try {
				await handler({ ...envelope, payload: checked.value, attempt }, createScope(tx, database.dialect, database.wakeChannel, state));
			} catch (error) {
				outcome = { kind: "failed", error, permanent: false };
				throw ROLLBACK;
			}
		});
	} catch (error) {
		if (error !== ROLLBACK) throw error;
	}
	// Events the handler published are committed now: wake this process's relay.
	if (outcome.kind === "handled" && state.published > 0) database.commits.emit("committed");
	return outcome;
}

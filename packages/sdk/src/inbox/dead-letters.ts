import type { Kysely, Selectable } from "kysely";
import type { EventEnvelope } from "../outbox/envelope.js";
import type { DeadLetterTable, SdkTables } from "../storage/sdk-tables.js";

/** An event a consumer gave up on, with the last error. */
export interface DeadLetter {
	readonly id: number;
	readonly group: string;
	readonly eventId: string;
	readonly type: string;
	readonly key: string;
	readonly envelope: EventEnvelope;
	readonly error: { readonly message: string; readonly code?: string; readonly name?: string };
	readonly attempts: number;
	readonly firstFailedAt: string;
	readonly lastFailedAt: string;
}

export interface ListDeadLettersOptions {
	/** Only this consumer group's. Default: all groups. */
	readonly group?: string;
	/** Default `100`. */
	readonly limit?: number;
}

export function describeError(error: unknown): DeadLetter["error"] {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code;
		return { message: error.message, name: error.name, ...(typeof code === "string" ? { code } : {}) };
	}
	return { message: String(error) };
}

export function toDeadLetter(row: Selectable<DeadLetterTable>): DeadLetter {
	const envelope = JSON.parse(row.envelope) as EventEnvelope;
	return {
		id: Number(row.id),
		group: row.consumer_group,
		eventId: row.event_id,
		type: row.channel,
		key: envelope.key,
		envelope,
		error: JSON.parse(row.error) as DeadLetter["error"],
		attempts: row.attempts,
		firstFailedAt: new Date(Number(row.first_failed_at)).toISOString(),
		lastFailedAt: new Date(Number(row.last_failed_at)).toISOString()
	};
}

/** Parks an event with its error; a second failure of the same event updates the row. */
export async function recordDeadLetter(
	db: Kysely<SdkTables>,
	group: string,
	envelope: EventEnvelope,
	error: unknown,
	attempts: number
): Promise<void> {
	const now = Date.now();
	const described = JSON.stringify(describeError(error));
	await db
		.insertInto("backbeat_dead_letters")
		.values({
			consumer_group: group,
			event_id: envelope.id,
			channel: envelope.type,
			envelope: JSON.stringify(envelope),
			error: described,
			attempts,
			first_failed_at: now,
			last_failed_at: now
		})
		.onConflict(oc =>
			oc.columns(["consumer_group", "event_id"]).doUpdateSet(eb => ({
				error: described,
				attempts: eb("backbeat_dead_letters.attempts", "+", attempts),
				last_failed_at: now
			}))
		)
		.execute();
}

export async function listDeadLetterRows(
	db: Kysely<SdkTables>,
	options: ListDeadLettersOptions & { eventId?: string }
): Promise<DeadLetter[]> {
	let query = db
		.selectFrom("backbeat_dead_letters")
		.selectAll()
		.orderBy("id")
		.limit(options.limit ?? 100);
	if (options.group !== undefined) query = query.where("consumer_group", "=", options.group);
	if (options.eventId !== undefined) query = query.where("event_id", "=", options.eventId);
	return (await query.execute()).map(toDeadLetter);
}

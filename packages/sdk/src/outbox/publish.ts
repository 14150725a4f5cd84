import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames, PayloadIn } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { validateOrThrow } from "../schema/validate-or-throw.js";
import type { Dialect } from "../storage/migrations.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import type { EventEnvelope } from "./envelope.js";
import { hash32, partitionOf } from "./partition.js";

export interface PublishOptions {
	/**
	 * Events of one key are published and handled in commit order (use the
	 * aggregate's id, e.g. a playlist id). Default: the event's own id, i.e.
	 * no ordering with other events.
	 */
	readonly key?: string;
	/**
	 * The event's creation context as W3C headers (`traceparent`, `tracestate`),
	 * when it is one of your own: stored as given, with no create span. Default:
	 * a traced transaction stores its create span's context.
	 */
	readonly traceContext?: Readonly<Record<string, string>>;
}

// Advisory lock space of writers' per-key locks (see insertOutboxRow).
export const KEY_LOCK = 0x6b6e;

/**
 * Records an event in the outbox inside the caller's transaction. On
 * PostgreSQL the writer first takes a transaction-scoped lock on the key, and
 * only then draws the row id: a second writer of the same key waits for the
 * first to commit, so per key, id order is commit order, and the relay can
 * publish by id without ever overtaking a late commit. (SQLite runs one
 * writer at a time, which gives the same.)
 */
export async function insertOutboxRow<C extends Contract, E extends EventNames<C>>(
	tx: Transaction<SdkTables>,
	dialect: Dialect,
	contract: C,
	event: E,
	payload: PayloadIn<C, E>,
	options: PublishOptions
): Promise<EventEnvelope<PayloadIn<C, E>>> {
	const definition = contract.events[event];
	const type = eventName(contract, event);
	if (!definition)
		throw new BackbeatError("BAD_REQUEST", `${contract.fullName} has no event '${String(event)}'`, { data: { field: "event" } });
	await validateOrThrow(definition.payload, payload, type, "payload");
	const id = randomUUID();
	const key = options.key ?? id;
	if (typeof key !== "string" || key === "")
		throw new BackbeatError("BAD_REQUEST", `${type}: key must be a non-empty string`, { data: { field: "key" } });
	let json: string;
	try {
		json = JSON.stringify(payload);
	} catch (error) {
		throw new BackbeatError(
			"NOT_SERIALIZABLE",
			`${type}: payload can't be encoded as JSON (${error instanceof Error ? error.message : String(error)})`,
			{ cause: error, data: { field: "payload" } }
		);
	}
	const occurredAt = Date.now();
	const row = {
		event_id: id,
		channel: type,
		event_key: key,
		partition: partitionOf(key),
		payload: json,
		headers: options.traceContext ? JSON.stringify(options.traceContext) : null,
		schema_version: contract.version,
		occurred_at: occurredAt
	};
	if (dialect === "postgres") {
		// One round trip: the FROM clause takes the key lock before the insert draws the row id from the sequence.
		await sql`insert into backbeat_outbox (event_id, channel, event_key, partition, payload, headers, schema_version, occurred_at)
			select ${row.event_id}, ${row.channel}, ${row.event_key}, ${row.partition}, ${row.payload}, ${row.headers}, ${row.schema_version}, ${row.occurred_at}
			from (select pg_advisory_xact_lock(${KEY_LOCK}, ${hash32(key)})) as key_lock`.execute(tx);
	} else {
		await tx.insertInto("backbeat_outbox").values(row).execute();
	}
	return {
		id,
		type,
		key,
		payload,
		occurredAt: new Date(occurredAt).toISOString(),
		schemaVersion: contract.version,
		...(options.traceContext ? { traceContext: options.traceContext } : {})
	};
}

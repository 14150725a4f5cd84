import type { Selectable } from "kysely";
import type { OutboxTable } from "../storage/sdk-tables.js";
import type { EventEnvelope } from "./envelope.js";

export type OutboxRow = Selectable<OutboxTable>;

/** The message the relay sends for a row. */
export function envelopeOf(row: OutboxRow): EventEnvelope {
	return {
		id: row.event_id,
		type: row.channel,
		key: row.event_key,
		payload: JSON.parse(row.payload) as unknown,
		occurredAt: new Date(Number(row.occurred_at)).toISOString(),
		schemaVersion: row.schema_version,
		...(row.headers === null ? {} : { traceContext: JSON.parse(row.headers) as Record<string, string> })
	};
}

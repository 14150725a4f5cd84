// Services for the outbox tracing tests: `plays.record` commits a play and
// publishes `played` in one transaction (in the caller's trace); `charts`
// consumes `played` and, in the same transaction, publishes `counted`;
// `audit` consumes `counted`. Each database is the test's own.
import type { Generated } from "kysely";
import { z } from "zod";
import {
	consume,
	defineContract,
	defineService,
	openDatabase,
	type ConsumedEvent,
	type Database,
	type Migration,
	type RelayOptions
} from "../../src/index.js";

export const PlaysContract = defineContract({
	name: "plays",
	version: 1,
	actions: {
		record: { params: z.object({ trackId: z.string() }), returns: z.object({ eventId: z.string() }) }
	},
	events: {
		played: { payload: z.object({ trackId: z.string() }) }
	}
});

export const ChartsContract = defineContract({
	name: "charts",
	version: 1,
	actions: {},
	events: {
		counted: { payload: z.object({ trackId: z.string() }) }
	}
});

export const AuditContract = defineContract({ name: "audit", version: 1, actions: {} });

export interface PlaysTables {
	plays: { id: Generated<number | string>; track_id: string };
}

const playsMigrations: Migration[] = [
	{
		id: "001-plays",
		async up(db, dialect) {
			await db.schema
				.createTable("plays")
				.addColumn("id", dialect === "postgres" ? "bigserial" : "integer", c => c.primaryKey())
				.addColumn("track_id", "text", c => c.notNull())
				.execute();
		}
	}
];

export function openPlaysDatabase(url: string): Database<PlaysTables> {
	return openDatabase<PlaysTables>({ url, migrations: playsMigrations });
}

/** A database with only the SDK's tables (outbox, inbox, dead letters). */
export function openEventsDatabase(url: string): Database<Record<string, never>> {
	return openDatabase<Record<string, never>>({ url });
}

/** `record` writes a play and its `played` event in one transaction, in the trace of its `ctx`. */
export function playsService(db: Database<PlaysTables>, options: { relay?: RelayOptions | false } = {}) {
	return defineService(PlaysContract, {
		outbox: { database: db, relay: options.relay ?? { pollIntervalMs: 100 } },
		actions: {
			record(ctx) {
				return db.transaction(ctx, async tx => {
					await tx.db.insertInto("plays").values({ track_id: ctx.params.trackId }).execute();
					const envelope = await tx.publish(
						PlaysContract,
						"played",
						{ trackId: ctx.params.trackId },
						{ key: ctx.params.trackId }
					);
					return { eventId: envelope.id };
				});
			}
		}
	});
}

export interface ChartsOptions {
	/** Called with each `played` event, inside the consumer's transaction; throwing fails the attempt. */
	readonly onPlayed?: (event: ConsumedEvent<{ trackId: string }>) => Promise<void> | void;
	/** Publish `counted` for each play (the charts database then runs a relay). */
	readonly publishCounted?: boolean;
	readonly maxAttempts?: number;
}

/** Consumes `played`; optionally publishes `counted` from the consumer's transaction. */
export function chartsService(db: Database<Record<string, never>>, options: ChartsOptions = {}) {
	return defineService(ChartsContract, {
		...(options.publishCounted ? { outbox: { database: db, relay: { pollIntervalMs: 100 } } } : {}),
		actions: {},
		consumers: [
			consume(
				PlaysContract,
				db,
				{
					async played(event, tx) {
						await options.onPlayed?.(event);
						if (options.publishCounted)
							await tx.publish(ChartsContract, "counted", { trackId: event.payload.trackId }, { key: event.payload.trackId });
					}
				},
				{ maxAttempts: options.maxAttempts ?? 5, backoff: { baseMs: 10, capMs: 20 } }
			)
		]
	});
}

/** Consumes `counted`. */
export function auditService(db: Database<Record<string, never>>, onCounted: (event: ConsumedEvent<{ trackId: string }>) => void) {
	return defineService(AuditContract, {
		actions: {},
		consumers: [
			consume(ChartsContract, db, {
				async counted(event) {
					onCounted(event);
				}
			})
		]
	});
}

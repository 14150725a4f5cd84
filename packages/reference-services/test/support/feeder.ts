// A stand-in for the services whose events another service consumes: it writes
// any contract's events through its own outbox, so they travel the real relay,
// channel and consumer, and it can wait until a consumer's inbox has them all.
import { type Contract, type Database, defineContract, defineService, openDatabase } from "@backbeat/sdk";
import { eventually, testDatabaseUrl } from "@backbeat/sdk/testing";
import { sql } from "kysely";
import type { Test } from "tap";
import type { z } from "zod";

type Events<C> = C extends { events: infer E } ? E : never;
type Payload<C, E extends keyof Events<C>> = Events<C>[E] extends { payload: infer P extends z.ZodType } ? z.input<P> : never;

export interface Feeder {
	/** The service to start beside the consumer: it runs the feeder's relay. */
	readonly service: ReturnType<typeof defineService>;
	/** Commits one event of `contract` to the outbox, keyed by `key`. */
	publish<C extends Contract, E extends keyof Events<C> & string>(
		contract: C,
		event: E,
		payload: Payload<C, E>,
		key: string
	): Promise<void>;
	/** Resolves when `consumer`'s inbox holds every event published so far. */
	settled<T>(consumer: Database<T>): Promise<void>;
}

export function eventFeeder(t: Test): Feeder {
	const db = openDatabase<Record<string, never>>({ name: "feeder", url: testDatabaseUrl(t, "sqlite", "feeder") });
	t.teardown(() => db.close());
	let published = 0;
	return {
		service: defineService(defineContract({ name: "feeder", version: 1, actions: {} }), {
			outbox: { database: db, relay: { pollIntervalMs: 50 } },
			actions: {}
		}),
		async publish(contract, event, payload, key) {
			await db.transaction(tx => tx.publish(contract, event as never, payload as never, { key }));
			published++;
		},
		async settled(consumer) {
			const expected = published;
			await eventually(
				async () => {
					const { rows } = await sql<{ n: number | string }>`select count(*) as n from backbeat_inbox`.execute(consumer.db);
					return Number(rows[0]?.n) >= expected;
				},
				{ what: `${expected} events handled` }
			);
		}
	};
}

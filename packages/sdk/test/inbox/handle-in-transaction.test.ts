import t from "tap";
import { z } from "zod";
import { handleInTransaction, type EventConsumer, type EventWork } from "../../src/inbox/handle-event.js";
import type { EventEnvelope } from "../../src/outbox/envelope.js";
import type { SqlDatabase } from "../../src/storage/database.js";
import { openConsumerDatabase, type ConsumerTables } from "../support/ledger.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

const payload = z.object({ key: z.string(), seq: z.number().int() });

function envelope(id: string, seq: number, body: unknown = { key: "k", seq }): EventEnvelope {
	return { id, type: "v1.ledger.entryRecorded", key: "k", payload: body, occurredAt: new Date().toISOString(), schemaVersion: 1 };
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(dialect, async t => {
		const db = openConsumerDatabase(testDatabaseUrl(t, dialect, "inbox")) as SqlDatabase<ConsumerTables>;
		t.teardown(() => db.close());
		await db.migrate();
		let failOn: number | undefined;
		const handler: EventConsumer<unknown, ConsumerTables> = async (event, tx) => {
			const { key, seq } = event.payload as { key: string; seq: number };
			await tx.db.insertInto("handled").values({ event_id: event.id, key, seq }).execute();
			if (seq === failOn) throw new Error(`handler failed on ${seq}`);
		};
		const work = (e: EventEnvelope): EventWork<ConsumerTables> => ({ envelope: e, payloadSchema: payload, handler, attempt: 1 });
		const handledSeqs = async () => (await db.db.selectFrom("handled").select("seq").orderBy("id").execute()).map(row => row.seq);

		const first = await handleInTransaction(db, "g", [work(envelope("e1", 1)), work(envelope("e1", 1)), work(envelope("e2", 2))]);
		t.match(first, { kind: "committed" });
		t.same(first.kind === "committed" && first.handled.map(e => e.id), ["e1", "e2"], "each id handled once, in order");
		t.same(first.kind === "committed" && first.duplicates.map(e => e.id), ["e1"], "the copy in the same batch is a duplicate");

		const again = await handleInTransaction(db, "g", [work(envelope("e2", 2)), work(envelope("e3", 3))]);
		t.same(
			again.kind === "committed" && again.duplicates.map(e => e.id),
			["e2"],
			"an id handled by an earlier transaction is a duplicate"
		);
		t.same(await handledSeqs(), [1, 2, 3]);

		failOn = 5;
		const failed = await handleInTransaction(db, "g", [work(envelope("e4", 4)), work(envelope("e5", 5)), work(envelope("e6", 6))]);
		t.match(failed, { kind: "failed", permanent: false, envelope: { id: "e5" } });
		t.match(failed.kind === "failed" && failed.error, /handler failed on 5/);
		t.same(await handledSeqs(), [1, 2, 3], "the whole batch rolled back: no side effects");
		const afterRollback = await handleInTransaction(db, "g", [work(envelope("e4", 4))]);
		t.same(afterRollback.kind === "committed" && afterRollback.handled.map(e => e.id), ["e4"], "nor inbox rows: e4 is new afterwards");

		const invalid = await handleInTransaction(db, "g", [work(envelope("e7", 7)), work(envelope("e8", 8, { key: "k", seq: "eight" }))]);
		t.match(invalid, { kind: "failed", permanent: true, envelope: { id: "e8" }, error: { code: "VALIDATION_FAILED" } });
		t.same(await handledSeqs(), [1, 2, 3, 4], "an invalid payload rolls back its batch too");

		t.same(
			await handleInTransaction(db, "other-group", [work(envelope("e1", 1))]).then(o => o.kind === "committed" && o.handled.length),
			1,
			"another group handles the same id on its own"
		);
	});
}

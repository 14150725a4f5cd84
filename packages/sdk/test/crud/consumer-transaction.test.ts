// A consumer's handler that writes through the crud adapter joins the
// handler's inbox transaction (on SQLite a second statement outside it would
// wait for it forever): a throw rolls back the rows and the inbox record.
import t from "tap";
import { z } from "zod";
import { handleInTransaction } from "../../src/inbox/handle-event.js";
import { sqlDatabaseOf } from "../../src/outbox/open-database.js";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { openTracksDatabase, tracksAdapter } from "../support/crud-tracks.js";

t.test("a consumer's writes through the adapter commit or roll back with its inbox record", async t => {
	const db = openTracksDatabase(testDatabaseUrl(t, "sqlite", "crud_consumer"));
	t.teardown(() => db.close());
	const adapter = tracksAdapter(db);
	await adapter.connect();
	const envelope = {
		id: "e-1",
		type: "catalog.v1.trackAdded",
		key: "k",
		payload: { title: "From an event" },
		occurredAt: new Date(0).toISOString(),
		schemaVersion: 1
	};
	const work = (fail: boolean) => [
		{
			envelope,
			payloadSchema: z.object({ title: z.string() }),
			attempt: 1,
			handler: async (event: { payload: unknown }) => {
				await adapter.insert({ title: (event.payload as { title: string }).title });
				t.equal(await adapter.count(), 1, "the handler sees its own row");
				if (fail) throw new Error("handler failed");
			}
		}
	];
	const failed = await handleInTransaction(sqlDatabaseOf(db), "tracks", work(true));
	t.equal(failed.kind, "failed");
	t.equal(await adapter.count(), 0);
	const committed = await handleInTransaction(sqlDatabaseOf(db), "tracks", work(false));
	t.equal(committed.kind, "committed");
	t.same(
		(await adapter.find()).map(row => row["title"]),
		["From an event"]
	);
});

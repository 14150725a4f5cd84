// Embedded mode's outbox table carries only what the relay needs: no unique
// index on the event id and no AUTOINCREMENT (each cost a page write per
// event), and a database made before keeps its unsent rows.
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import Sqlite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import t from "tap";
import { openDatabase } from "../../src/index.js";
import { runMigrations } from "../../src/storage/migrations.js";
import { SDK_MIGRATIONS } from "../../src/storage/sdk-tables.js";
import { LedgerContract } from "../support/ledger.js";

type TestLike = { teardown(fn: () => void): void };

function tempFile(t: TestLike): string {
	const dir = mkdtempSync(join(tmpdir(), "backbeat-lean-"));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	return join(dir, "outbox.sqlite");
}

const schemaOf = (file: string) => {
	const raw = new Sqlite(file, { readonly: true });
	try {
		return {
			table: (raw.prepare("select sql from sqlite_master where name = 'backbeat_outbox'").get() as { sql: string }).sql,
			indexes: (
				raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'backbeat_outbox' order by name").all() as {
					name: string;
				}[]
			).map(row => row.name)
		};
	} finally {
		raw.close();
	}
};

t.test("a new SQLite outbox has no unique event-id index and no AUTOINCREMENT", async t => {
	const file = tempFile(t);
	const db = openDatabase({ url: `sqlite:${file}` });
	await db.migrate();
	await db.close();
	const { table, indexes } = schemaOf(file);
	t.notMatch(table, /autoincrement/i);
	t.notMatch(table, /unique/i);
	t.same(indexes, ["backbeat_outbox_pending", "backbeat_outbox_sent"]);
});

t.test("an outbox made by the first schema step keeps its rows, and the relay's query uses the pending index", async t => {
	const file = tempFile(t);
	const first = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Sqlite(file) }) });
	await runMigrations(first, "sqlite", undefined, SDK_MIGRATIONS.slice(0, 1));
	await first.destroy();
	t.match(schemaOf(file).table, /autoincrement/i, "the old layout");

	const db = openDatabase({ url: `sqlite:${file}` });
	t.teardown(() => db.close());
	// A row committed under the old layout; the next transaction applies the pending step first.
	const raw = new Sqlite(file);
	raw.prepare(
		"insert into backbeat_outbox (event_id, channel, event_key, partition, payload, schema_version, occurred_at) values ('old-1', 'v1.ledger.entryRecorded', 'a', 0, '{}', 1, 1)"
	).run();
	raw.close();
	await db.transaction(tx => tx.publish(LedgerContract, "entryRecorded", { key: "a", seq: 1 }, { key: "a" }));
	const rows = await (db.db as Kysely<{ backbeat_outbox: { id: number; event_id: string } }>)
		.selectFrom("backbeat_outbox")
		.select(["id", "event_id"])
		.orderBy("id")
		.execute();
	t.equal(rows.length, 2);
	t.equal(rows[0]?.event_id, "old-1", "the old row kept its place in id order");
	t.ok((rows[1]?.id ?? 0) > (rows[0]?.id ?? 0));
	const check = new Sqlite(file, { readonly: true });
	t.teardown(() => check.close());
	const plan = (
		check.prepare("explain query plan select * from backbeat_outbox where sent_at is null order by id limit 500").all() as {
			detail: string;
		}[]
	)
		.map(row => row.detail)
		.join("; ");
	t.match(plan, /backbeat_outbox_pending/);
	t.notMatch(plan, /TEMP B-TREE/, "no sort: the index is in id order");
});

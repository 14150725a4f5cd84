// SQLite statements are compiled once and reused; these guard the ways reuse could go wrong.
import { sql } from "kysely";
import t from "tap";
import { openDatabase } from "../../src/index.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

interface Tables {
	notes: { id: number; body: string };
}

t.test("a statement left by a stream abandoned early runs again", async t => {
	const db = openDatabase<Tables>({ url: testDatabaseUrl(t, "sqlite", "cache") });
	t.teardown(() => db.close());
	await sql`create table notes (id integer primary key, body text not null)`.execute(db.db);
	for (let id = 1; id <= 3; id++)
		await db.db
			.insertInto("notes")
			.values({ id, body: `n${id}` })
			.execute();
	const query = () => db.db.selectFrom("notes").selectAll().orderBy("id");
	for await (const row of query().stream()) {
		t.equal(row.id, 1);
		break;
	}
	t.same(
		(await query().execute()).map(row => row.id),
		[1, 2, 3],
		"the cached statement was reset, not left busy"
	);
	t.same(
		(await query().execute()).map(row => row.id),
		[1, 2, 3],
		"and again"
	);
});

t.test("a cached statement sees a schema change", async t => {
	const db = openDatabase<Tables>({ url: testDatabaseUrl(t, "sqlite", "cache") });
	t.teardown(() => db.close());
	await sql`create table notes (id integer primary key, body text not null)`.execute(db.db);
	await db.db.insertInto("notes").values({ id: 1, body: "a" }).execute();
	const selectAll = () => sql<Record<string, unknown>>`select * from notes`.execute(db.db);
	t.same(Object.keys((await selectAll()).rows[0] ?? {}), ["id", "body"]);
	await sql`alter table notes add column tag text default 'x'`.execute(db.db);
	t.same((await selectAll()).rows[0], { id: 1, body: "a", tag: "x" }, "the new column is there");
});

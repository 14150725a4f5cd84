// The crud adapter's behaviour, run on SQLite and on PostgreSQL: every
// adapter method DbService calls, filters, sort, search, pages, id
// transforms, refused names, and values that try to be SQL.
import type { Service, ServiceBroker } from "moleculer";
import type { Test } from "tap";
import { testDatabaseUrl } from "../../src/testing/index.js";
import type { CrudAdapter } from "../../src/crud/index.js";
import { rejectionOf, thrownBy } from "./failures.js";
import { openTracksDatabase, SEED, titles, tracksAdapter } from "./crud-tracks.js";
import { openDatabase } from "../../src/index.js";

export async function seededAdapter(t: Test, dialect: "sqlite" | "postgres"): Promise<CrudAdapter> {
	const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud"));
	t.teardown(() => db.close());
	const adapter = tracksAdapter(db);
	await adapter.connect();
	await adapter.insertMany(SEED);
	return adapter;
}

const fieldOf = (error: { data?: unknown }) => (error.data as { field?: unknown } | undefined)?.["field"];
const service = (idField: string) => ({ settings: { idField } }) as unknown as Service;

export function crudSuite(t: Test, dialect: "sqlite" | "postgres"): void {
	t.test("insert returns the stored row: generated id, defaults, decoded types", async t => {
		const adapter = await seededAdapter(t, dialect);
		const inserted = await adapter.insert({ title: "New", tags: { a: [1, 2] }, explicit: true });
		t.same(inserted, { id: 6, title: "New", artist: "", plays: 0, genre: null, explicit: true, tags: { a: [1, 2] } });
		t.same(await adapter.findById(6), inserted);
		const many = await adapter.insertMany([{ title: "A" }, { title: "B", plays: 2 }]);
		t.same(
			many.map(row => [row["id"], row["title"], row["plays"]]),
			[
				[7, "A", 0],
				[8, "B", 2]
			]
		);
		t.same(await adapter.findById(2), { id: 2, ...SEED[1] });
	});

	t.test("insertMany is all or nothing", async t => {
		const adapter = await seededAdapter(t, dialect);
		await t.rejects(adapter.insertMany([{ title: "ok" }, { title: null }]));
		t.equal(await adapter.count(), 5);
	});

	t.test("find: every row in id order, equality, null and the comparison operators", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.same(
			(await adapter.find()).map(row => row["id"]),
			[1, 2, 3, 4, 5]
		);
		t.same(titles(await adapter.find({ query: { artist: "Miles Davis" } })), ["Blue in Green", "So What"]);
		t.same(titles(await adapter.find({ query: { genre: null } })), ["100% Pure"]);
		t.same(titles(await adapter.find({ query: { explicit: true } })), ["Smells Like Teen Spirit"]);
		t.same(titles(await adapter.find({ query: { plays: { $gt: 400 } } })), ["So What", "Smells Like Teen Spirit"]);
		t.same(titles(await adapter.find({ query: { plays: { $gte: 400, $lt: 1000 } } })), ["So What", "Giant Steps"]);
		t.same(titles(await adapter.find({ query: { plays: { $lte: 300 } } })), ["Blue in Green", "100% Pure"]);
		t.same(titles(await adapter.find({ query: { id: { $in: [4, 1, 99] } } })), ["Blue in Green", "Smells Like Teen Spirit"]);
		t.same(await adapter.find({ query: { id: { $in: [] } } }), []);
		t.same(
			(await adapter.find({ query: { id: { $nin: [1, 2] } } })).map(row => row["id"]),
			[3, 4, 5]
		);
		// $ne keeps the rows where the column is NULL, as MongoDB does
		t.same(titles(await adapter.find({ query: { genre: { $ne: "jazz" } } })), ["Smells Like Teen Spirit", "100% Pure"]);
		t.same(
			(await adapter.find({ query: { genre: { $ne: null } } })).map(row => row["id"]),
			[1, 2, 3, 4]
		);
		t.same(titles(await adapter.find({ query: { genre: "jazz", artist: { $eq: "John Coltrane" } } })), ["Giant Steps"]);
	});

	t.test("find: sort ascending, descending (-field), several fields, as a string", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.same(
			(await adapter.find({ sort: ["-plays"] })).map(row => row["plays"]),
			[1000, 500, 400, 300, 10]
		);
		t.same(titles(await adapter.find({ sort: ["artist", "-plays"], limit: 3 })), ["Giant Steps", "So What", "Blue in Green"]);
		t.same(titles(await adapter.find({ sort: "genre -title", query: { genre: "jazz" } })), ["So What", "Giant Steps", "Blue in Green"]);
	});

	t.test("find: pages by limit and offset, past the last page gives none", async t => {
		const adapter = await seededAdapter(t, dialect);
		const page = (limit: number, offset: number) => adapter.find({ limit, offset }).then(rows => rows.map(row => row["id"]));
		t.same(await page(2, 0), [1, 2]);
		t.same(await page(2, 2), [3, 4]);
		t.same(await page(2, 4), [5]);
		t.same(await page(2, 6), []);
		t.same(await page(2, 600), []);
		t.same(
			(await adapter.find({ offset: 3 })).map(row => row["id"]),
			[4, 5]
		);
		t.same(
			(await adapter.find({ limit: null, offset: null })).map(row => row["id"]),
			[1, 2, 3, 4, 5]
		);
		t.same(
			(await adapter.find({ sort: ["-plays"], limit: 2, offset: 1 })).map(row => row["plays"]),
			[500, 400]
		);
		for (const bad of [-1, 1.5, "2"]) {
			const error = await rejectionOf(adapter.find({ limit: bad as number }));
			t.equal(error.code, "BAD_REQUEST");
			t.equal(fieldOf(error), "limit");
		}
	});

	t.test("search: any listed text column contains it, ignoring case; wildcards are literal", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.same(titles(await adapter.find({ search: "MILES" })), ["Blue in Green", "So What"]);
		t.same(titles(await adapter.find({ search: "e", searchFields: ["artist"], query: { genre: "jazz" } })), [
			"Blue in Green",
			"So What",
			"Giant Steps"
		]);
		t.same(titles(await adapter.find({ search: "so", searchFields: "title" })), ["So What"]);
		t.same(titles(await adapter.find({ search: "%" })), ["100% Pure"]);
		t.same(titles(await adapter.find({ search: "r_s" })), ["100% Pure"]);
		t.same(titles(await adapter.find({ search: "0", searchFields: ["plays"] })), [
			"Blue in Green",
			"So What",
			"Giant Steps",
			"Smells Like Teen Spirit",
			"100% Pure"
		]);
		t.same(await adapter.find({ search: "\\" }), []);
		t.equal(await adapter.count({ search: "miles" }), 2);
	});

	t.test("count, findOne, findById, findByIds", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.equal(await adapter.count(), 5);
		t.equal(await adapter.count({ query: { genre: "jazz" }, limit: 1, offset: 1 }), 3);
		t.equal((await adapter.findOne({ artist: "Miles Davis" }))?.["title"], "Blue in Green");
		t.equal(await adapter.findOne({ artist: "Nobody" }), null);
		t.equal((await adapter.findById(3))?.["title"], "Giant Steps");
		t.equal((await adapter.findById("3"))?.["title"], "Giant Steps", "an id from a URL is a string");
		t.equal(await adapter.findById(42), null);
		t.same(titles(await adapter.findByIds([5, "2"])), ["So What", "100% Pure"]);
		t.same(await adapter.findByIds([]), []);
		const error = await rejectionOf(adapter.findById("abc"));
		t.equal(error.code, "BAD_REQUEST");
		t.equal(fieldOf(error), "id");
	});

	t.test("updateById and updateMany with $set and $inc", async t => {
		const adapter = await seededAdapter(t, dialect);
		const updated = await adapter.updateById(1, { $set: { genre: "modal jazz", tags: ["x"] }, $inc: { plays: 5 } });
		t.same(updated, { ...SEED[0], id: 1, genre: "modal jazz", tags: ["x"], plays: 305 });
		t.equal(await adapter.updateById(42, { $set: { genre: "none" } }), null);
		t.same(await adapter.updateById(2, { $set: {} }), { id: 2, ...SEED[1] }, "an empty update changes nothing");
		t.equal(await adapter.updateMany({ artist: "Miles Davis" }, { $inc: { plays: -100 } }), 2);
		t.same(
			(await adapter.find({ query: { artist: "Miles Davis" } })).map(row => row["plays"]),
			[205, 400]
		);
		t.equal(await adapter.updateMany({ genre: null }, { $set: { genre: "other", explicit: true } }), 1);
		t.same(await adapter.findById(5), { ...SEED[4], id: 5, genre: "other", explicit: true });
		t.equal(await adapter.updateMany({ genre: "none" }, { $set: { title: "x" } }), 0);
		t.equal(await adapter.updateMany({}, { $set: {} }), 0);
		t.equal(await adapter.updateMany({}, { $inc: { plays: 1 } }), 5, "an empty query matches every row");
		t.equal(await adapter.updateMany(null, { $inc: { plays: 1 } }), 5);
		t.equal((await adapter.find({ query: { id: { $nin: [] } } })).length, 5);
		t.equal((await adapter.find({ query: {} })).length, 5);
	});

	t.test("removeById, removeMany, clear", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.same(await adapter.removeById(4), { id: 4, ...SEED[3] });
		t.equal(await adapter.removeById(4), null);
		t.equal(await adapter.removeMany({ artist: "Miles Davis" }), 2);
		t.same(
			(await adapter.find()).map(row => row["id"]),
			[3, 5]
		);
		t.equal(await adapter.clear(), 2);
		t.equal(await adapter.count(), 0);
	});

	t.test("id transforms between the id column and DbService's idField", async t => {
		const adapter = await seededAdapter(t, dialect);
		t.same(adapter.beforeSaveTransformID({ _id: 9, title: "T" }, "_id"), { title: "T", id: 9 });
		t.same(adapter.beforeSaveTransformID({ title: "T" }, "_id"), { title: "T" });
		t.same(adapter.beforeSaveTransformID({ id: 9 }, "id"), { id: 9 });
		t.same(adapter.afterRetrieveTransformID({ id: 9, title: "T" }, "_id"), { title: "T", _id: 9 });
		t.same(adapter.afterRetrieveTransformID({ id: 9 }, "id"), { id: 9 });
		const entity = { id: 1, tags: ["a"] };
		t.not(adapter.entityToObject(entity), entity);
		t.same(adapter.entityToObject(entity), entity);
		// after init, the service's idField names the id column in queries and sorts
		adapter.init({} as ServiceBroker, service("_id"));
		t.same(titles(await adapter.find({ query: { _id: { $in: [2, 3] } }, sort: ["-_id"] })), ["Giant Steps", "So What"]);
		t.same(titles(await adapter.find({ query: { id: 1 } })), ["Blue in Green"]);
	});

	t.test("unknown columns and bad shapes are BAD_REQUEST naming the field, before any SQL", async t => {
		const adapter = await seededAdapter(t, dialect);
		const refusals: [string, string, () => Promise<unknown>][] = [
			["nope", "query", () => adapter.find({ query: { nope: 1 } })],
			["nope", "query", () => adapter.count({ query: { title: "x", nope: { $gt: 1 } } })],
			["tags", "query", () => adapter.find({ query: { tags: ["modal"] } })],
			["plays", "query", () => adapter.find({ query: { plays: { $regex: ".*" } } })],
			["plays", "query", () => adapter.find({ query: { plays: [1, 2] } })],
			["plays", "query", () => adapter.find({ query: { plays: { $in: 5 } } })],
			["plays", "query", () => adapter.find({ query: { plays: { $gt: "many" } } })],
			["plays", "query", () => adapter.find({ query: { plays: {} } })],
			["title", "query", () => adapter.find({ query: { title: { nested: "object" } } })],
			["nope", "sort", () => adapter.find({ sort: ["-nope"] })],
			["tags", "sort", () => adapter.find({ sort: ["tags"] })],
			["nope", "searchFields", () => adapter.find({ search: "a", searchFields: ["title", "nope"] })],
			["tags", "searchFields", () => adapter.find({ search: "a", searchFields: ["tags"] })],
			["nope", "update", () => adapter.updateById(1, { $set: { nope: 1 } })],
			["title", "update", () => adapter.updateById(1, { $inc: { title: 1 } })],
			["plays", "update", () => adapter.updateMany({}, { $inc: { plays: "1" } })],
			["id", "update", () => adapter.updateById(1, { $set: { id: 7 } })],
			["$unset", "update", () => adapter.updateById(1, { $unset: { genre: 1 } })],
			["title", "update", () => adapter.updateById(1, { title: "bare" })],
			["nope", "query", () => adapter.updateMany({ nope: 1 }, { $set: {} })],
			["nope", "query", () => adapter.removeMany({ nope: 1 })],
			["search", "search", () => adapter.find({ search: 5 as unknown as string })],
			["nope", "entity", () => adapter.insert({ title: "x", nope: 1 })],
			["explicit", "entity", () => adapter.insert({ title: "x", explicit: "yes" })],
			["title", "entity", () => adapter.insertMany([{ title: "ok" }, { title: 5 }])]
		];
		for (const [field, part, call] of refusals) {
			const error = await rejectionOf(call());
			t.equal(error.code, "BAD_REQUEST", error.message);
			t.same(error.data, { field, in: part }, error.message);
		}
		t.equal(await adapter.count(), 5, "nothing was written");
		t.same(await adapter.findById(1), { id: 1, ...SEED[0] });
	});

	t.test("SQL in values, names, sort and search changes nothing", async t => {
		const adapter = await seededAdapter(t, dialect);
		const attacks = ["' OR '1'='1", "x'; DROP TABLE crud_tracks; --", '" OR 1=1 --', "1) OR (1=1", "%' OR 1=1 --"];
		for (const attack of attacks) {
			t.same(await adapter.find({ query: { title: attack } }), [], attack);
			t.same(await adapter.find({ query: { title: { $in: [attack] }, genre: { $ne: attack } } }), [], attack);
			t.same(await adapter.find({ search: attack }), [], attack);
			t.equal(await adapter.updateMany({ artist: attack }, { $set: { genre: attack } }), 0, attack);
			t.equal(await adapter.removeMany({ genre: attack }), 0, attack);
			for (const call of [
				() => adapter.find({ query: { [attack]: "x" } }),
				() => adapter.find({ sort: [attack] }),
				() => adapter.find({ sort: `title, ${attack}` }),
				() => adapter.find({ search: "a", searchFields: [attack] }),
				() => adapter.updateMany({}, { $set: { [attack]: 1 } }),
				() => adapter.insert({ [attack]: 1 })
			]) {
				const error = await rejectionOf(call());
				t.equal(error.code, "BAD_REQUEST", attack);
			}
			const stored = await adapter.insert({ title: attack, artist: attack });
			t.same(await adapter.findById(stored["id"]), { ...stored, title: attack, artist: attack }, "stored as plain text");
			t.equal(await adapter.removeById(stored["id"]).then(row => row?.["title"]), attack);
		}
		t.equal(await adapter.count(), 5);
		t.same(
			await adapter.find(),
			SEED.map((row, index) => ({ id: index + 1, ...row }))
		);
	});

	t.test("inside db.transaction the adapter joins it: it sees its own writes, and they roll back together", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_tx"));
		t.teardown(() => db.close());
		const adapter = tracksAdapter(db);
		await adapter.connect();
		await adapter.insertMany(SEED);
		await t.rejects(
			db.transaction(async tx => {
				await adapter.insert({ title: "in tx" });
				await adapter.insertMany([{ title: "also in tx" }]);
				await adapter.updateById(1, { $inc: { plays: 1 } });
				// on PostgreSQL another connection would not see the uncommitted rows; on SQLite it would wait forever
				t.equal(await adapter.count(), 7);
				const rows = await tx.db.selectFrom("crud_tracks").select("title").where("id", ">", 5).execute();
				t.same(
					rows.map(row => row.title),
					["in tx", "also in tx"]
				);
				throw new Error("roll back");
			}),
			/roll back/
		);
		t.equal(await adapter.count(), 5);
		t.equal((await adapter.findById(1))?.["plays"], 300);
		await db.transaction(async () => {
			await adapter.removeById(5);
			await adapter.updateMany({ genre: "jazz" }, { $set: { genre: "bop" } });
		});
		t.equal(await adapter.count({ query: { genre: "bop" } }), 3);
		t.equal(await adapter.findById(5), null);
	});

	t.test("a transaction of another database in between does not hide this database's transaction", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_outer"));
		const other = openDatabase<Record<string, never>>({ url: testDatabaseUrl(t, dialect, "crud_other") });
		t.teardown(() => Promise.all([db.close(), other.close()]));
		const adapter = tracksAdapter(db);
		await adapter.connect();
		await t.rejects(
			db.transaction(() =>
				other.transaction(async () => {
					await adapter.insert({ title: "nested" });
					t.equal(await adapter.count(), 1);
					throw new Error("roll back both");
				})
			),
			/roll back both/
		);
		t.equal(await adapter.count(), 0);
	});

	t.test("bad options fail at construction with CONFIG_INVALID", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_options"));
		t.teardown(() => db.close());
		const { crudAdapter } = await import("../../src/crud/index.js");
		const settingOf = (options: Parameters<typeof crudAdapter>[1]) => {
			const error = thrownBy(() => crudAdapter(db, options));
			t.equal(error.code, "CONFIG_INVALID");
			return (error.data as { setting?: unknown })["setting"];
		};
		t.equal(settingOf({ table: "crud_tracks; drop table x", columns: { id: "number" } }), "table");
		t.equal(settingOf({ table: "crud_tracks", columns: { title: "string" } }), "idField");
		t.equal(settingOf({ table: "crud_tracks", columns: { id: "number", "a.b": "string" } }), "columns.a.b");
		t.equal(settingOf({ table: "crud_tracks", columns: { id: "number", x: "date" as "string" } }), "columns.x");
		t.equal(settingOf({ table: "crud_tracks", columns: { id: "number" }, searchFields: ["title"] }), "searchFields");
		t.equal(thrownBy(() => crudAdapter({} as typeof db, { table: "t", columns: { id: "number" } })).code, "CONFIG_INVALID");
		const missing = crudAdapter(db, { table: "crud_tracks", columns: { id: "number", lyrics: "string" } });
		const error = await rejectionOf(missing.connect());
		t.equal(error.code, "CONFIG_INVALID");
		t.match(error.message, /crud_tracks/);
	});
}

// DbService's standard actions answered through the crud adapter.
import type { Test } from "tap";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { startTracksService } from "./crud-service.js";
import { openTracksDatabase, SEED } from "./crud-tracks.js";

type Row = Record<string, unknown>;

export function crudServiceSuite(t: Test, dialect: "sqlite" | "postgres"): void {
	t.test("DbService's actions over the adapter", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_service"));
		t.teardown(() => db.close());
		const broker = await startTracksService(db);
		t.teardown(() => broker.stop());
		const call = <R = Row>(action: string, params: object = {}) => broker.call(`tracks.${action}`, params) as Promise<R>;

		const inserted = await call<Row[]>("insert", { entities: SEED });
		t.same(
			inserted.map(row => row["_id"]),
			[1, 2, 3, 4, 5]
		);
		const created = await call("create", { title: "New", tags: ["x"], explicit: true });
		t.same(created, { _id: 6, title: "New", artist: "", plays: 0, genre: null, explicit: true, tags: ["x"] });

		t.same(
			(await call<Row[]>("find", { sort: "-plays", limit: 2 })).map(row => row["title"]),
			["Smells Like Teen Spirit", "So What"]
		);
		t.same(await call<Row[]>("find", { query: { genre: "jazz" }, search: "miles", fields: ["_id", "title"] }), [
			{ _id: 1, title: "Blue in Green" },
			{ _id: 2, title: "So What" }
		]);
		t.same(
			(await call<Row[]>("find", { query: JSON.stringify({ plays: { $gte: 1000 } }) })).map(row => row["_id"]),
			[4]
		);
		t.equal(await call<number>("count", { query: { genre: "jazz" } }), 3);
		t.equal(await call<number>("count", { search: "teen", searchFields: "title artist" }), 1);

		const page3 = await call<{ rows: Row[]; total: number; page: number; pageSize: number; totalPages: number }>("list", {
			page: 3,
			sort: "_id"
		});
		t.same({ ...page3, rows: page3.rows.map(row => row["_id"]) }, { rows: [5, 6], total: 6, page: 3, pageSize: 2, totalPages: 3 });
		const past = await call<{ rows: Row[]; total: number }>("list", { page: 9, pageSize: 2 });
		t.same(past.rows, []);
		t.equal(past.total, 6);

		t.equal((await call("get", { id: 2 }))["title"], "So What");
		t.equal((await call("get", { id: "2" }))["title"], "So What", "an id from a URL");
		t.same(
			(await call<Row[]>("get", { id: [3, 1] })).map(row => row["_id"]),
			[1, 3]
		);
		t.same(Object.keys(await call("get", { id: [3, 1], mapping: true })).sort(), ["1", "3"]);
		t.match(await call("get", { id: 99 }).catch((error: unknown) => error), { code: 404, name: "EntityNotFoundError" });

		t.same(await call("update", { id: 6, plays: 7, genre: "pop" }), { ...created, plays: 7, genre: "pop" });
		t.same(await call("remove", { id: 6 }), { ...created, plays: 7, genre: "pop" });
		t.match(await call("remove", { id: 6 }).catch((error: unknown) => error), { code: 404 });
		t.equal(await call<number>("count"), 5);
	});

	t.test("DbService refuses unknown columns and SQL in its params with BAD_REQUEST", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_refusals"));
		t.teardown(() => db.close());
		const broker = await startTracksService(db);
		t.teardown(() => broker.stop());
		await broker.call("tracks.insert", { entities: SEED });
		const refusals: [string, object][] = [
			["find", { query: { nope: 1 } }],
			["find", { sort: "title; DROP TABLE crud_tracks" }],
			["find", { sort: "title) --" }],
			["find", { search: "a", searchFields: "title,artist'--" }],
			["count", { query: { "title = title OR 1=1 --": "x" } }],
			["list", { query: { plays: { $where: "1=1" } } }],
			["create", { title: "x", "genre) values ('x'); --": "y" }],
			["update", { id: 1, nope: 2 }]
		];
		for (const [action, params] of refusals) {
			const error = await broker.call(`tracks.${action}`, params).catch((error: unknown) => error);
			t.match(error, { code: "BAD_REQUEST", data: { field: String } }, `${action} ${JSON.stringify(params)}`);
		}
		t.same(await broker.call("tracks.find", { query: { title: "' OR '1'='1" } }), []);
		t.same(await broker.call("tracks.find", { search: "' OR 1=1 --" }), []);
		t.equal(await broker.call("tracks.count"), 5, "the table is whole");
	});

	t.test("an action's db.transaction(ctx, …) carries the adapter's writes: a throw rolls both back", async t => {
		const db = openTracksDatabase(testDatabaseUrl(t, dialect, "crud_service_tx"));
		t.teardown(() => db.close());
		const broker = await startTracksService(db);
		t.teardown(() => broker.stop());
		const error = await broker.call("tracks.addPairThenFail", { title: "Pair" }).catch((error: unknown) => error);
		t.match(error, { code: "CONFLICT" });
		t.equal(await broker.call("tracks.count"), 0);
	});
}

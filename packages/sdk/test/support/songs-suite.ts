// defineCrudService's typed actions, entity events and migration, on one dialect.
import { sql } from "kysely";
import type { Test } from "tap";
import { z } from "zod";
import { defineCrudService } from "../../src/crud/index.js";
import { client, consume, defineContract, defineService, openDatabase, type BackbeatError, type Database } from "../../src/index.js";
import { eventually, startTestBroker, testDatabaseUrl } from "../../src/testing/index.js";
import { openSongsDatabase, SEED_SONGS, Songs, songsService } from "./crud-songs.js";

const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error("expected a rejection");
		},
		(error: BackbeatError) => error
	);

async function rowCount(db: Database<never>, table: string): Promise<number> {
	const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db.db);
	return Number(rows[0]?.n);
}

async function start(t: Test, dialect: "sqlite" | "postgres", options: { failAfterCreate?: boolean } = {}) {
	const db = openSongsDatabase(testDatabaseUrl(t, dialect, "songs"));
	t.teardown(() => db.close());
	const received: Array<{ event: string; payload: unknown }> = [];
	const record = (event: string) => async (delivered: { payload: unknown }) => {
		received.push({ event, payload: delivered.payload });
	};
	const Listener = defineContract({ name: "songs-listener", version: 1, actions: {} });
	const listener = defineService(Listener, {
		actions: {},
		consumers: [consume(Songs.contract, db, { created: record("created"), updated: record("updated"), removed: record("removed") })]
	});
	const broker = await startTestBroker(t, { services: [songsService(db, options), listener] });
	return { db, broker, songs: client(broker, Songs.contract), received };
}

export function songsSuite(t: Test, dialect: "sqlite" | "postgres"): void {
	t.test("defineCrudService: the typed standard actions", async t => {
		const { songs, broker } = await start(t, dialect);
		const created = [];
		for (const song of SEED_SONGS) created.push(await songs.create(song));
		const [blue, soWhat, giant, teen, pure] = created;
		if (!blue || !soWhat || !giant || !teen || !pure) throw new Error("five songs");
		t.match(blue.id, /^[0-9a-f-]{36}$/, "a string id is generated");
		t.same(pure, { id: pure.id, title: "100% Pure", artist: "Under_score", plays: 10, rating: null, explicit: false, tags: [] });
		t.equal(giant.lyrics, "none");
		t.notOk("lyrics" in blue, "an optional field left out reads back absent, not null");
		t.same((await songs.create({ id: "chosen", title: "Mine", artist: "Me" })).id, "chosen", "a given id is kept");
		await songs.remove({ id: "chosen" });

		const titles = (rows: readonly { title: string }[]) => rows.map(row => row.title);
		const page1 = await songs.list({ sort: ["-plays"] });
		t.same(
			{ ...page1, rows: titles(page1.rows) },
			{ rows: ["Smells Like Teen Spirit", "So What"], total: 5, page: 1, pageSize: 2, totalPages: 3 }
		);
		t.same(titles((await songs.list({ sort: ["-plays"], page: 3 })).rows), ["100% Pure"]);
		const past = await songs.list({ page: 9 });
		t.same({ rows: past.rows, total: past.total, page: past.page }, { rows: [], total: 5, page: 9 }, "past the last page");
		t.same(titles((await songs.list({ sort: ["title"], pageSize: 10 })).rows), [
			"100% Pure",
			"Blue in Green",
			"Giant Steps",
			"Smells Like Teen Spirit",
			"So What"
		]);
		t.same(
			titles((await songs.list({ search: "MILES", sort: ["plays"] })).rows),
			["Blue in Green", "So What"],
			"search is case-insensitive"
		);
		t.same(titles((await songs.list({ search: "miles", searchFields: ["title"] })).rows), [], "only in the named fields");
		t.same(titles(await songs.find({ search: "100%" })), ["100% Pure"], "% is literal");
		t.same(titles(await songs.find({ query: { plays: { $gte: 400 } }, sort: ["plays"] })), [
			"Giant Steps",
			"So What",
			"Smells Like Teen Spirit"
		]);
		t.same(titles(await songs.find({ query: { rating: null, explicit: true } })), ["Smells Like Teen Spirit"]);
		t.same(titles(await songs.find({ query: { artist: { $in: ["Nirvana", "Under_score"] } }, sort: ["-title"] })), [
			"Smells Like Teen Spirit",
			"100% Pure"
		]);
		t.same(titles(await songs.find({ sort: ["plays"], limit: 2, offset: 1 })), ["Blue in Green", "Giant Steps"]);
		t.equal(await songs.count({ query: { artist: "Miles Davis" } }), 2);
		t.equal(await songs.count({}), 5);

		t.same(await songs.get({ id: soWhat.id }), soWhat);
		t.same(await songs.get({ ids: [teen.id, blue.id, teen.id] }), [teen, blue, teen], "in the order asked");
		t.match(await failure(songs.get({ id: "nope" })), { code: "NOT_FOUND", data: { id: "nope" } });
		t.match(await failure(songs.get({ ids: [blue.id, "nope"] })), { code: "NOT_FOUND", data: { ids: ["nope"] } });
		t.match(await failure(songs.get({} as never)), { code: "VALIDATION_FAILED" }, "neither id nor ids");

		const updated = await songs.update({ id: soWhat.id, plays: 501, rating: 5 });
		t.same(updated, { ...soWhat, plays: 501, rating: 5 }, "only the named fields change; tags keep their value, not their default");
		t.same(await songs.update({ id: soWhat.id }), updated, "no changes answers the entity");
		t.match(await failure(songs.update({ id: "nope", plays: 1 })), { code: "NOT_FOUND" });
		t.same(await songs.remove({ id: pure.id }), pure, "remove answers the entity as it was");
		t.match(await failure(songs.remove({ id: pure.id })), { code: "NOT_FOUND" });
		t.equal(await songs.count({}), 4);
		t.same(await broker.call("v1.songs.mostPlayed", {}), [teen], "an extra action of the same contract");
	});

	t.test("defineCrudService: bad input and injection attempts are refused and change nothing", async t => {
		const { songs, db } = await start(t, dialect);
		for (const song of SEED_SONGS) await songs.create(song);
		const refused = async (call: Promise<unknown>, path: string | RegExp) => {
			const error = await failure(call);
			t.equal(error.code, "VALIDATION_FAILED", String(path));
			t.equal(error.httpStatus, 422);
			t.match(JSON.stringify(error.data), path);
		};
		await refused(songs.create({ title: "", artist: "x" }), '"path":"title"');
		await refused(songs.create({ title: "x", artist: "y", plays: -1 }), '"path":"plays"');
		await refused(songs.create({ title: "x", artist: "y", genre: "jazz" } as never), /Unrecognized key.*genre/);
		await refused(songs.update({ id: "x", "title = 'hacked'; --": 1 } as never), /Unrecognized key/);
		await refused(songs.list({ sort: ["title; DROP TABLE songs"] as never }), '"path":"sort.0"');
		await refused(songs.list({ sort: ["lyrics"] as never }), '"path":"sort.0"');
		await refused(songs.list({ searchFields: ["plays"] as never }), '"path":"searchFields.0"');
		await refused(songs.find({ query: { "1=1 OR title": "x" } as never }), /Unrecognized key/);
		await refused(songs.find({ query: { tags: ["modal"] } as never }), /Unrecognized key.*tags/);
		await refused(songs.find({ query: { plays: { $where: "1" } } as never }), '"path":"query.plays"');
		await refused(songs.list({ pageSize: 11 }), '"path":"pageSize"');
		// Values are bound: they match nothing and run nothing.
		t.same(await songs.find({ query: { title: "x' OR '1'='1" } }), []);
		t.same(await songs.find({ query: { artist: { $in: ["'); DELETE FROM songs; --"] } } }), []);
		t.equal(await songs.count({ search: "%' OR 1=1 --" }), 0);
		t.equal(await rowCount(db, "songs"), SEED_SONGS.length, "every row is still there");
	});

	t.test("defineCrudService: created, updated and removed reach a consumer; an update with no changes publishes nothing", async t => {
		const { songs, received, db } = await start(t, dialect);
		const song = await songs.create({ title: "Freddie Freeloader", artist: "Miles Davis" });
		await songs.update({ id: song.id });
		const updated = await songs.update({ id: song.id, plays: 9, explicit: true });
		await songs.remove({ id: song.id });
		await eventually(() => received.length >= 3);
		t.same(received, [
			{ event: "created", payload: song },
			{ event: "updated", payload: { id: song.id, changes: { plays: 9, explicit: true }, entity: updated } },
			{ event: "removed", payload: updated }
		]);
		t.equal(await rowCount(db, "backbeat_outbox"), 3, "one outbox row per write that changed something");
	});

	t.test("defineCrudService: a write that throws after create leaves no row and no event", async t => {
		const { songs, db, received } = await start(t, dialect, { failAfterCreate: true });
		await songs.create({ title: "accepted", artist: "x" });
		const error = await failure(songs.create({ title: "refused", artist: "x" }));
		t.match(error.message, /refuses this title/);
		t.equal(await rowCount(db, "songs"), 1, "the refused row was rolled back");
		t.equal(await rowCount(db, "backbeat_outbox"), 1, "and its event with it");
		await eventually(() => received.length >= 1);
		t.same(
			received.map(entry => (entry.payload as { title: string }).title),
			["accepted"]
		);
	});

	t.test("defineCrudService: the migration creates the table and an index per sort and search field", async t => {
		const db = openSongsDatabase(testDatabaseUrl(t, dialect, "songs_migration"));
		t.teardown(() => db.close());
		await db.migrate();
		const indexes =
			dialect === "sqlite"
				? await sql<{
						name: string;
					}>`select name from sqlite_master where type = 'index' and tbl_name = 'songs' and name like 'songs_%'`.execute(db.db)
				: await sql<{
						name: string;
					}>`select indexname as name from pg_indexes where tablename = 'songs' and schemaname = current_schema() and indexname like 'songs_%_idx'`.execute(
						db.db
					);
		t.same(indexes.rows.map(row => row.name).sort(), ["songs_artist_idx", "songs_plays_idx", "songs_title_idx"]);
	});

	t.test("defineCrudService: moleculer-db's own document transforms still apply when settings ask for them", async t => {
		const db = openSongsDatabase(testDatabaseUrl(t, dialect, "songs_exclude"));
		t.teardown(() => db.close());
		const broker = await startTestBroker(t, {
			services: [Songs.service(db, { actions: { mostPlayed: () => [] }, settings: { excludeFields: ["lyrics"] } })]
		});
		const songs = client(broker, Songs.contract);
		const created = await songs.create({ title: "Naima", artist: "John Coltrane", lyrics: "none" });
		t.notOk("lyrics" in created, "excludeFields of DbService's settings hides the field");
		t.notOk("lyrics" in (await songs.get({ id: created.id })), "on reads too");
		t.equal(await songs.count({}), 1);
	});

	t.test("defineCrudService: an integer id is numbered by the database", async t => {
		const Labels = defineCrudService({
			name: "labels",
			version: 1,
			table: "labels",
			entity: z.object({ id: z.int(), name: z.string(), founded: z.int().nullable() })
		});
		const db = openDatabase<never>({ url: testDatabaseUrl(t, dialect, "labels"), migrations: [Labels.migration] });
		t.teardown(() => db.close());
		const broker = await startTestBroker(t, { services: [Labels.service(db)] });
		const labels = client(broker, Labels.contract);
		t.same(await labels.create({ name: "Blue Note", founded: 1939 }), { id: 1, name: "Blue Note", founded: 1939 });
		t.same(await labels.create({ name: "Impulse!", founded: null }), { id: 2, name: "Impulse!", founded: null });
		t.same(await labels.get({ id: 2 }), { id: 2, name: "Impulse!", founded: null });
		t.same((await labels.list({ query: { founded: { $lt: 1950 } } })).rows, [{ id: 1, name: "Blue Note", founded: 1939 }]);
	});
}

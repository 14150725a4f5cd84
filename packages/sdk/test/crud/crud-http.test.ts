// A CRUD contract's HTTP bindings through the gateway and the typed browser client.
import t from "tap";
import { createGateway, gatewayPort, issueToken } from "../../src/gateway/index.js";
import { HttpClientError, httpClient } from "../../src/http/index.js";
import { client } from "../../src/index.js";
import { startTestBroker, testDatabaseUrl } from "../../src/testing/index.js";
import { openSongsDatabase, SEED_SONGS, Songs, songsService } from "../support/crud-songs.js";
import { TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const db = openSongsDatabase(testDatabaseUrl(t, "sqlite", "songs_http"));
t.teardown(() => db.close());
const broker = await startTestBroker(t, {
	services: [
		songsService(db),
		createGateway({ contracts: [Songs.contract], port: 0, auth: { secret: TEST_JWT_SECRET }, rateLimit: false })
	]
});
const base = `http://127.0.0.1:${gatewayPort(broker)}/api`;
const token = await issueToken({ id: "editor-1", roles: [] }, { secret: TEST_JWT_SECRET });
const api = httpClient(Songs.contract, { baseUrl: base, token });
const songs = client(broker, Songs.contract); // `count` has no HTTP binding
for (const song of SEED_SONGS) await api.create(song);

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(`${base}${path}`);
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

t.test("reads are public: list with sort, paging and a JSON query; get by id", async t => {
	const page = await get("/songs?sort=-plays&pageSize=1&page=2");
	t.equal(page.status, 200);
	t.match(page.body, { rows: [{ title: "So What" }], total: 5, page: 2, pageSize: 1, totalPages: 5 });
	const filtered = await get(`/songs?query=${encodeURIComponent(JSON.stringify({ plays: { $gte: 500 } }))}&sort=plays`);
	t.same(
		(filtered.body["rows"] as Array<{ title: string }>).map(row => row.title),
		["So What", "Smells Like Teen Spirit"]
	);
	const id = (page.body["rows"] as Array<{ id: string }>)[0]?.id;
	t.match(await get(`/songs/${id}`), { status: 200, body: { id, title: "So What" } });
	t.match(await get("/songs/nope"), { status: 404, body: { error: { code: "NOT_FOUND" } } });
	t.same(
		(await httpClient(Songs.contract, { baseUrl: base }).list({ query: { artist: "Miles Davis" }, sort: ["title"] })).rows.map(
			row => row.title
		),
		["Blue in Green", "So What"],
		"the typed client sends the query as JSON"
	);
});

t.test("bad input over HTTP is a 422 naming the field, and changes nothing", async t => {
	t.match(await get("/songs?sort=title%3B%20DROP%20TABLE%20songs"), {
		status: 422,
		body: { error: { code: "VALIDATION_FAILED", data: { issues: [{ path: "sort.0" }] } } }
	});
	t.match(await get("/songs?query=%7Bnot%20json"), { status: 422, body: { error: { data: { issues: [{ path: "query" }] } } } });
	t.match(await get(`/songs?query=${encodeURIComponent('{"title; --":"x"}')}`), {
		status: 422,
		body: { error: { code: "VALIDATION_FAILED" } }
	});
	t.match(await get("/songs?pageSize=1000"), { status: 422, body: { error: { data: { issues: [{ path: "pageSize" }] } } } });
	t.equal(await songs.count({}), 5, "nothing changed");
});

t.test("writes need a user: POST answers 201, PATCH and DELETE answer the entity", async t => {
	const anonymous = await fetch(`${base}/songs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ title: "x", artist: "y" })
	});
	t.equal(anonymous.status, 401);
	const created = await fetch(`${base}/songs`, {
		method: "POST",
		headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
		body: JSON.stringify({ title: "Naima", artist: "John Coltrane" })
	});
	t.equal(created.status, 201);
	const naima = (await created.json()) as { id: string; plays: number };
	t.equal(naima.plays, 0);
	t.match(await api.update({ id: naima.id, plays: 42 }), { id: naima.id, plays: 42 });
	t.match(await api.remove({ id: naima.id }), { id: naima.id, plays: 42 });
	const gone = await api.get({ id: naima.id }).catch((error: unknown) => error);
	t.ok(gone instanceof HttpClientError && gone.status === 404, "gone");
	t.equal(await songs.count({}), 5);
});

import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { gatewayPort } from "@backbeat/sdk/gateway";
import { createGatewayService } from "../src/gateway/service.js";
import { createServices } from "../src/services.js";
import { useTemporaryDataDir } from "./support/data-dir.js";

// The routes the README lists, over real HTTP: one gateway and the platform's services in one broker.
t.test("the documented routes answer as the README says", async t => {
	useTemporaryDataDir(t);
	const broker = await startTestBroker(t, { services: [...createServices(), createGatewayService({ port: 0 })] });
	const base = `http://127.0.0.1:${gatewayPort(broker)}`;

	await t.test("GET /api/search takes limit and type from the query string", async t => {
		const res = await fetch(`${base}/api/search?q=lo&type=track,artist&limit=2`);
		t.equal(res.status, 200);
		const body = (await res.json()) as { tracks: { items: unknown[]; limit: number }; artists: object; albums?: object };
		t.equal(body.tracks.items.length, 2);
		t.equal(body.tracks.limit, 2);
		t.ok(body.artists, "artists asked for");
		t.equal(body.albums, undefined, "albums not asked for");
	});

	await t.test("a limit that is no number, or out of range, is a 422 naming the field", async t => {
		for (const limit of ["abc", "99", "1.5"]) {
			const res = await fetch(`${base}/api/search?q=a&limit=${limit}`);
			t.equal(res.status, 422, `limit=${limit}`);
			const body = (await res.json()) as { error: { code: string; data: { issues: { path: string }[] } } };
			t.equal(body.error.code, "VALIDATION_FAILED");
			t.same(
				body.error.data.issues.map(issue => issue.path),
				["limit"]
			);
		}
	});

	await t.test("a string field that looks like a number stays a string", async t => {
		const res = await fetch(`${base}/api/search?q=1`);
		t.equal(res.status, 200);
	});

	await t.test("GET /api/tracks/:id answers the track, and an unknown id 404", async t => {
		const found = (await (await fetch(`${base}/api/search?q=love&type=track&limit=1`)).json()) as {
			tracks: { items: { id: string; title: string }[] };
		};
		const first = found.tracks.items[0];
		const res = await fetch(`${base}/api/tracks/${first?.id}`);
		t.equal(res.status, 200);
		t.equal(((await res.json()) as { title: string }).title, first?.title);
		t.equal((await fetch(`${base}/api/tracks/nope`)).status, 404);
	});

	await t.test("GET /api/openapi.json describes the platform's routes, and /api/docs is the reference page", async t => {
		const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
			openapi: string;
			servers: { url: string }[];
			paths: Record<string, object>;
		};
		t.equal(doc.openapi, "3.1.0");
		t.same(doc.servers, [{ url: "/api" }]);
		t.same(Object.keys(doc.paths).sort(), [
			"/albums",
			"/albums/{id}",
			"/artists",
			"/artists/{id}",
			"/artists/{id}/albums",
			"/artists/{id}/top-tracks",
			"/auth/login",
			"/auth/refresh",
			"/auth/register",
			"/checkout",
			"/me",
			"/me/albums",
			"/me/albums/contains",
			"/me/following",
			"/me/following/contains",
			"/me/notifications",
			"/me/notifications/unread-count",
			"/me/notifications/{id}/read",
			"/me/player/recently-played",
			"/me/playlists",
			"/me/recommendations",
			"/me/subscription",
			"/me/tracks",
			"/me/tracks/contains",
			"/me/weekly-mix",
			"/payments/webhook",
			"/plans",
			"/playlists",
			"/playlists/{id}",
			"/playlists/{id}/collaborators",
			"/playlists/{id}/collaborators/{userId}",
			"/playlists/{id}/tracks",
			"/plays",
			"/plays/{playId}/complete",
			"/plays/{playId}/progress",
			"/plays/{playId}/skip",
			"/search",
			"/stream/{playId}",
			"/tracks",
			"/tracks/{id}",
			"/tracks/{id}/similar"
		]);
		const page = await fetch(`${base}/api/docs`);
		t.equal(page.status, 200);
		t.match(page.headers.get("content-type"), /text\/html/);
	});

	await t.test("GET / is the web player (built by `npm run build`), beside the API", async t => {
		const page = await fetch(`${base}/`);
		t.equal(page.status, 200);
		t.match(page.headers.get("content-type"), /^text\/html/);
		t.match(await page.text(), '<script type="module" src="/assets/main.js">');
		const script = await fetch(`${base}/assets/main.js`);
		t.equal(script.status, 200);
		t.match(script.headers.get("content-type"), /javascript/);
		const unknown = await fetch(`${base}/api/no-such-route`);
		t.equal(unknown.status, 404);
		t.match(await unknown.json(), { error: { code: "NOT_FOUND" } }, "an unknown API path is still the API's JSON 404");
	});
});

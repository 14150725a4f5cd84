// createGateway({ publicDir }): a folder of static files at `/`, beside the API and never in its way.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { createGateway } from "../../src/gateway/create-gateway.js";
import { GATEWAY_DEFAULTS } from "../../src/gateway/gateway-options.js";
import { ShopContract, startShop } from "../support/gateway-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "backbeat-public-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "index.html"), "<!doctype html><title>Player</title>");
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "assets", "main.js"), "console.log(1);");
writeFileSync(join(dir, "assets", "main.css"), "body{}");
writeFileSync(join(dir, ".env"), "SECRET=1");
// A file where an API path is: the API must still answer it.
mkdirSync(join(dir, "api"));
writeFileSync(join(dir, "api", "nothing"), "shadow");
writeFileSync(join(dir, "api", "items"), "shadow");

const shop = await startShop(t, { publicDir: dir, tracesPath: "/traces" });
const origin = new URL(shop.base).origin;

t.test("/ is the folder's index.html; files are served with their content types", async t => {
	const index = await fetch(`${origin}/`);
	t.equal(index.status, 200);
	t.match(index.headers.get("content-type"), /^text\/html/);
	t.equal(await index.text(), "<!doctype html><title>Player</title>");
	const script = await fetch(`${origin}/assets/main.js`);
	t.equal(script.status, 200);
	t.match(script.headers.get("content-type"), /^(text|application)\/javascript/);
	const style = await fetch(`${origin}/assets/main.css?v=1`);
	t.match(style.headers.get("content-type"), /^text\/css/);
	const head = await fetch(`${origin}/index.html`, { method: "HEAD" });
	t.equal(head.status, 200, "HEAD works too");
});

t.test("what is not a file is the gateway's JSON 404; dotfiles, other methods and escapes are not served", async t => {
	for (const [method, path] of [
		["GET", "/missing.js"],
		["GET", "/.env"],
		["GET", "/assets/..%2F.env"],
		["GET", "/..%2F..%2Fetc%2Fpasswd"],
		["POST", "/index.html"]
	] as const) {
		const res = await fetch(`${origin}${path}`, { method });
		t.equal(res.status, 404, `${method} ${path} is 404`);
		const body = (await res.json()) as { error: { code: string } };
		t.equal(body.error.code, "NOT_FOUND");
	}
});

t.test("the API's paths are never served from the folder", async t => {
	const unknown = await fetch(`${origin}/api/nothing`);
	t.equal(unknown.status, 404, "an unknown API path is the API's 404, not the folder's file");
	t.match(await unknown.json(), { error: { code: "NOT_FOUND", message: /No route for GET \/api\/nothing/ } });
	const listed = await fetch(`${shop.base}/items?limit=1`);
	t.equal(listed.status, 200, "a bound route answers as before");
	t.notMatch(await listed.text(), "shadow");
	t.match((await fetch(`${origin}/traces`)).headers.get("content-type"), /^application\/json/, "the trace pages too");
});

t.test("publicDir must be a folder; the default serves none", async t => {
	t.equal(GATEWAY_DEFAULTS.publicDir, false);
	t.throws(() => createGateway({ contracts: [ShopContract], publicDir: join(dir, "nope") }), {
		code: "CONFIG_INVALID",
		data: { setting: "publicDir" }
	});
	t.throws(() => createGateway({ contracts: [ShopContract], publicDir: join(dir, "index.html") }), { code: "CONFIG_INVALID" });
	const bare = await startShop(t);
	const res = await fetch(`${new URL(bare.base).origin}/`);
	t.equal(res.status, 404);
});

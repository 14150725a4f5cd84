import t from "tap";
import { issueToken } from "../../src/gateway/issue-token.js";
import { startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const shop = await startShop(t);
const userToken = await issueToken({ id: "u-1", roles: [] }, { secret: TEST_JWT_SECRET });
const auth = { authorization: `Bearer ${userToken}` };
const json = { "content-type": "application/json", ...auth };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
	const res = await fetch(`${shop.base}${path}`, init);
	const text = await res.text();
	return { status: res.status, body: text === "" ? undefined : JSON.parse(text), headers: res.headers };
}

t.test("path params reach the action; a missing item is the action's own 404", async t => {
	const found = await call("/items/i-1");
	t.equal(found.status, 200);
	t.match(found.body, { id: "i-1", name: "Lamp", price: 12.5 });
	const missing = await call("/items/nope");
	t.equal(missing.status, 404);
	t.match(missing.body, { error: { code: "NOT_FOUND", httpStatus: 404, retryable: false, data: { id: "nope" } } });
	const encoded = await call(`/items/${encodeURIComponent("a b/c")}`);
	t.match(encoded.body, { error: { data: { id: "a b/c" } } }, "path params are decoded");
});

t.test("query values are coerced by the schema's JSON Schema types", async t => {
	const res = await call("/items?limit=5&minPrice=2.5&inStock=true&tags=a,b&ids=1&ids=2");
	t.equal(res.status, 200);
	t.same(res.body, { echo: { limit: 5, minPrice: 2.5, inStock: true, tags: ["a", "b"], ids: [1, 2] } });
	t.same((await call("/items")).body, { echo: { limit: 20 } }, "defaults apply");
	t.same((await call("/items?inStock=false&tags=")).body, { echo: { limit: 20, inStock: false, tags: [] } });
	for (const [query, field] of [
		["limit=five", "limit"],
		["limit=1.5", "limit"],
		["minPrice=1e", "minPrice"],
		["inStock=yes", "inStock"],
		["ids=1,x", "ids.1"],
		["colour=red", ""]
	] as const) {
		const bad = await call(`/items?${query}`);
		t.equal(bad.status, 422, query);
		t.match(bad.body, { error: { code: "VALIDATION_FAILED" } }, query);
		const issues = (bad.body as { error: { data: { issues: { path: string }[] } } }).error.data.issues;
		t.ok(
			issues.some(issue => issue.path === field),
			`${query}: an issue names '${field}' (${JSON.stringify(issues)})`
		);
	}
});

t.test("POST answers the binding's 201 with the body merged into params; failures change nothing", async t => {
	const before = shop.created();
	const res = await call("/items", { method: "POST", headers: json, body: JSON.stringify({ name: "Chair", price: 40 }) });
	t.equal(res.status, 201);
	t.match(res.body, { name: "Chair", price: 40, tags: [] });
	t.equal(shop.created(), before + 1);
	const invalid = await call("/items", { method: "POST", headers: json, body: JSON.stringify({ name: "", price: -1, extra: true }) });
	t.equal(invalid.status, 422);
	t.equal(shop.created(), before + 1, "an invalid body creates nothing");
});

t.test("DELETE of an action that returns nothing answers 204 without a body", async t => {
	const res = await fetch(`${shop.base}/items/i-1`, { method: "DELETE", headers: auth });
	t.equal(res.status, 204);
	t.equal(await res.text(), "");
	t.equal((await call("/items/i-1")).status, 404, "it is gone");
});

t.test("Idempotency-Key through the gateway: a repeated POST runs once and answers the first result", async t => {
	const before = shop.created();
	const headers = { ...json, "idempotency-key": "create-stool-1" };
	const body = JSON.stringify({ name: "Stool", price: 9 });
	const first = await call("/items", { method: "POST", headers, body });
	const second = await call("/items", { method: "POST", headers, body });
	t.equal(first.status, 201);
	t.same(second.body, first.body, "the same item, not a second one");
	t.equal(shop.created(), before + 1);
	const tooLong = await call("/items", { method: "POST", headers: { ...json, "idempotency-key": "k".repeat(201) }, body });
	t.equal(tooLong.status, 400);
	t.match(tooLong.body, { error: { code: "BAD_REQUEST", data: { field: "idempotencyKey" } } });
});

t.test("limits and protocol errors answer the one error shape", async t => {
	const before = shop.created();
	const malformed = await call("/items", { method: "POST", headers: json, body: "{ not json" });
	t.equal(malformed.status, 400);
	t.match(malformed.body, { error: { code: "BAD_REQUEST", message: /not valid JSON/ } });
	const array = await call("/items", { method: "POST", headers: json, body: "[1,2]" });
	t.equal(array.status, 400);
	t.match(array.body, { error: { code: "BAD_REQUEST", data: { field: "body" } } });
	const huge = await call("/items", {
		method: "POST",
		headers: json,
		body: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10), price: 1 })
	});
	t.equal(huge.status, 413);
	t.match(huge.body, { error: { code: "PAYLOAD_TOO_LARGE", data: { limitBytes: 1024 * 1024 } } });
	const text = await call("/items", { method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: "name=x" });
	t.equal(text.status, 415);
	t.match(text.body, { error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
	const form = await call("/items", {
		method: "POST",
		headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
		body: "name=x&price=1"
	});
	t.equal(form.status, 415);
	t.equal(shop.created(), before, "no failed request created anything");
});

t.test("an unknown path is 404; a known path with another method is 405 with Allow", async t => {
	const unknown = await call("/nothing/here");
	t.equal(unknown.status, 404);
	t.match(unknown.body, { error: { code: "NOT_FOUND", message: "No route for GET /api/nothing/here" } });
	const wrong = await call("/items/i-2", { method: "PATCH", headers: json, body: "{}" });
	t.equal(wrong.status, 405);
	t.equal(wrong.headers.get("allow"), "GET, PUT, DELETE");
	t.match(wrong.body, { error: { code: "METHOD_NOT_ALLOWED" } });
	const list = await call("/items", { method: "DELETE", headers: auth });
	t.equal(list.status, 405);
	t.equal(list.headers.get("allow"), "GET, POST");
});

t.test("internal actions are unreachable: $node.*, $deadLetters.*, unbound actions and moleculer-web's own", async t => {
	for (const path of [
		"/$node/list",
		"/~node/list",
		"/$node/services",
		"/$deadLetters/list",
		"/v1/shop/internalOnly",
		"/v1.shop.internalOnly",
		"/shop/internalOnly",
		"/gateway/listAliases",
		"/list-aliases"
	]) {
		const res = await call(path);
		t.equal(res.status, 404, path);
		t.notMatch(JSON.stringify(res.body), /s3cret/, path);
	}
	t.equal((await fetch(shop.base.replace("/api", "/$node/list"))).status, 404, "nothing outside the base path either");
});

t.test("a handler's crash is a 500 with a trace id and no internal message", async t => {
	const res = await call("/fail", { method: "POST", headers: json, body: "{}" });
	t.equal(res.status, 500);
	const text = JSON.stringify(res.body);
	t.notMatch(text, /hunter2/, "the internal message stays inside");
	t.notMatch(text, /at .*\.ts/, "no stack");
	t.match(res.body, { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error", httpStatus: 500 } });
});

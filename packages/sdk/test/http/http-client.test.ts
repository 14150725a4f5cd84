import { createServer, type IncomingHttpHeaders, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import t, { type Test } from "tap";
import { BackbeatError } from "../../src/errors/backbeat-error.js";
import { isValidationFailed } from "../../src/errors/validation-failed.js";
import { issueToken } from "../../src/gateway/issue-token.js";
import { type FetchInit, HttpClientError, httpClient } from "../../src/http/index.js";
import { ShopContract, startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const shop = await startShop(t);
const userToken = await issueToken({ id: "u-1", roles: [] }, { secret: TEST_JWT_SECRET });
const adminToken = await issueToken({ id: "u-admin", roles: ["admin"] }, { secret: TEST_JWT_SECRET });

/** Every request the clients below send, as fetch saw it. */
const sent: { url: string; init: FetchInit }[] = [];
const recordingFetch = (url: string, init: FetchInit) => {
	sent.push({ url, init });
	return fetch(url, init);
};
const anonymous = httpClient(ShopContract, { baseUrl: shop.base, fetch: recordingFetch });
const user = httpClient(ShopContract, { baseUrl: `${shop.base}/`, token: userToken, fetch: recordingFetch });

/** The HttpClientError a call rejects with (fails the test when it resolves or throws something else). */
async function failure(call: Promise<unknown>): Promise<HttpClientError> {
	try {
		await call;
	} catch (error) {
		if (error instanceof HttpClientError) return error;
		throw error;
	}
	throw new Error("the call succeeded");
}

/** A plain node:http server on a free port, closed (with its open connections) at teardown. */
async function rawServer(t: Test, handler: RequestListener): Promise<string> {
	const server = createServer(handler);
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	t.teardown(() => {
		server.closeAllConnections();
		return new Promise<void>(resolve => server.close(() => resolve()));
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

t.test("GET with a path param: the result, the server's 404 as an HttpClientError, and encoding", async t => {
	t.same(await anonymous.getItem({ id: "i-1" }), { id: "i-1", name: "Lamp", price: 12.5, tags: ["home"] });
	const missing = await failure(anonymous.getItem({ id: "nope" }));
	t.ok(missing instanceof BackbeatError, "an HttpClientError is a BackbeatError");
	t.match(missing, {
		name: "HttpClientError",
		code: "NOT_FOUND",
		httpStatus: 404,
		status: 404,
		retryable: false,
		message: "Item 'nope' does not exist",
		data: { id: "nope" },
		request: { method: "GET", url: `${shop.base}/items/nope` }
	});
	const odd = await failure(anonymous.getItem({ id: "a b/c?d#e" }));
	t.same(odd.data, { id: "a b/c?d#e" }, "the path param arrives whole, decoded");
	t.equal(sent.at(-1)?.url, `${shop.base}/items/a%20b%2Fc%3Fd%23e`);
	for (const id of ["", ".", ".."]) {
		const refused = await failure(anonymous.getItem({ id }));
		t.match(refused, { code: "BAD_REQUEST", status: undefined, data: { field: "id" } }, `'${id}' is refused before sending`);
	}
});

t.test("GET query: numbers, booleans and arrays survive the round trip through the gateway's coercion", async t => {
	const params = { limit: 5, minPrice: 2.5, inStock: true, tags: ["a", "b"], ids: [1, 2] };
	t.same(await anonymous.listItems(params), { echo: params });
	t.equal(sent.at(-1)?.url, `${shop.base}/items?limit=5&minPrice=2.5&inStock=true&tags=a,b&ids=1,2`, "arrays go comma-joined");
	t.same(await anonymous.listItems({ inStock: false, tags: [] }), { echo: { limit: 20, inStock: false, tags: [] } });
	t.same(
		await anonymous.listItems({ tags: ["x,y", "z & w"] }),
		{ echo: { limit: 20, tags: ["x,y", "z & w"] } },
		"items with commas go as repeated keys"
	);
	t.same(await anonymous.listItems({ minPrice: undefined }), { echo: { limit: 20 } }, "undefined is left out");
	t.match(await failure(anonymous.listItems({ tags: ["x,y"] })), { code: "BAD_REQUEST", status: undefined, data: { field: "tags" } });
	const invalid = await failure(anonymous.listItems({ limit: 500 }));
	t.match(invalid, { code: "VALIDATION_FAILED", status: 422 });
	t.ok(isValidationFailed(invalid), "the server's validation issues are typed data");
});

t.test("POST answers 201 with the result; an invalid body is the server's VALIDATION_FAILED", async t => {
	const before = shop.created();
	const item = await user.createItem({ name: "Chair", price: 40 });
	t.match(item, { name: "Chair", price: 40, tags: [] });
	t.equal(sent.at(-1)?.init.body, JSON.stringify({ name: "Chair", price: 40 }));
	t.equal(sent.at(-1)?.init.headers["content-type"], "application/json");
	t.equal(shop.created(), before + 1);
	const invalid = await failure(user.createItem({ name: "", price: -1 }));
	t.match(invalid, { code: "VALIDATION_FAILED", httpStatus: 422 });
	t.equal(shop.created(), before + 1);
});

t.test("auth: no token is the server's 401, a missing role its 403, a token function is asked on every call", async t => {
	const before = shop.created();
	t.match(await failure(anonymous.createItem({ name: "Desk", price: 1 })), { code: "UNAUTHORIZED", status: 401, retryable: false });
	t.match(await failure(anonymous.whoAmI({})), { code: "UNAUTHORIZED", message: "GET /me needs a bearer token" });
	t.equal(shop.created(), before);
	const forbidden = await failure(user.renameItem({ id: "i-1", name: "Lantern" }));
	t.match(forbidden, { code: "FORBIDDEN", status: 403, data: { roles: ["admin"] } });
	t.equal(sent.at(-1)?.init.body, JSON.stringify({ name: "Lantern" }), "the path param is not repeated in the body");
	t.same(await user.whoAmI({}), { id: "u-1", roles: [] });

	let asked = 0;
	const admin = httpClient(ShopContract, {
		baseUrl: shop.base,
		token: async () => {
			asked++;
			return adminToken;
		}
	});
	t.match(await admin.renameItem({ id: "i-1", name: "Lantern" }), { id: "i-1", name: "Lantern" });
	t.same(await admin.whoAmI({}), { id: "u-admin", roles: ["admin"] });
	t.equal(asked, 2);
	const syncToken = httpClient(ShopContract, { baseUrl: shop.base, token: () => userToken });
	t.same(await syncToken.whoAmI({}), { id: "u-1", roles: [] });
	const badToken = httpClient(ShopContract, { baseUrl: shop.base, token: "not-a-jwt" });
	t.match(await failure(badToken.getItem({ id: "i-1" })), { code: "UNAUTHORIZED" }, "a bad token is refused even on a public action");
	const broken = httpClient(ShopContract, {
		baseUrl: shop.base,
		token: () => Promise.reject(new Error("refresh failed"))
	});
	t.match(await failure(broken.whoAmI({})), { code: "UNAUTHORIZED", status: undefined, message: /refresh failed/ });
});

t.test("DELETE of an action that returns nothing resolves to undefined (204)", async t => {
	const { id } = await user.createItem({ name: "Bin", price: 3 });
	t.equal(await user.deleteItem({ id }), undefined);
	t.equal(sent.at(-1)?.url, `${shop.base}/items/${id}`);
	t.equal(sent.at(-1)?.init.body, undefined);
	t.match(await failure(user.getItem({ id })), { code: "NOT_FOUND" });
});

t.test("idempotencyKey is sent as Idempotency-Key: a repeated create answers the first result", async t => {
	const before = shop.created();
	const first = await user.createItem({ name: "Stool", price: 9 }, { idempotencyKey: "http-client-stool" });
	t.equal(sent.at(-1)?.init.headers["idempotency-key"], "http-client-stool");
	const second = await user.createItem({ name: "Stool", price: 9 }, { idempotencyKey: "http-client-stool" });
	t.same(second, first);
	t.equal(shop.created(), before + 1);
	t.match(await failure(user.createItem({ name: "Stool", price: 9 }, { idempotencyKey: "k".repeat(201) })), {
		code: "BAD_REQUEST",
		status: undefined,
		data: { field: "idempotencyKey" }
	});
	t.equal(shop.created(), before + 1);
});

t.test("a server error keeps the gateway's code and generic message; unbound actions do not exist", async t => {
	const crash = await failure(anonymous.fail({}));
	t.match(crash, { code: "INTERNAL_SERVER_ERROR", status: 500, message: "Internal server error", retryable: false });
	t.notOk("internalOnly" in anonymous);
	t.same(Object.keys(anonymous).sort(), ["createItem", "deleteItem", "fail", "getItem", "listItems", "renameItem", "whoAmI"]);
});

t.test("headers: the client's own win over caller headers of any case", async t => {
	let seen: IncomingHttpHeaders = {};
	const base = await rawServer(t, (req, res) => {
		seen = req.headers;
		res.setHeader("content-type", "application/json");
		res.end(JSON.stringify({ echo: {} }));
	});
	const api = httpClient(ShopContract, { baseUrl: base, token: "tok", headers: { "X-App": "web", Authorization: "Basic nope" } });
	await api.listItems({}, { headers: { "X-Call": "1", "Idempotency-Key": "ignored" }, idempotencyKey: "mine" });
	t.match(seen, { "x-app": "web", "x-call": "1", authorization: "Bearer tok", "idempotency-key": "mine", accept: "application/json" });
});

t.test("no answer and non-JSON answers become errors with their own code and reason", async t => {
	const closed = await rawServer(t, () => undefined);
	const port = new URL(closed).port;
	// A port that was just released: nothing listens there.
	const probe = createServer();
	await new Promise<void>(resolve => probe.listen(0, "127.0.0.1", resolve));
	const deadPort = (probe.address() as AddressInfo).port;
	await new Promise(resolve => probe.close(resolve));
	const unreachable = await failure(httpClient(ShopContract, { baseUrl: `http://127.0.0.1:${deadPort}/api` }).getItem({ id: "x" }));
	t.match(unreachable, { code: "SERVICE_UNAVAILABLE", retryable: true, status: undefined, data: { reason: "NETWORK_ERROR" } });
	t.match(unreachable.message, /Could not reach GET http:\/\/127\.0\.0\.1:\d+\/api\/items\/x/);

	const hanging = httpClient(ShopContract, { baseUrl: `http://127.0.0.1:${port}/api` });
	t.match(await failure(hanging.getItem({ id: "x" }, { signal: AbortSignal.timeout(50) })), {
		code: "DEADLINE_EXCEEDED",
		retryable: true
	});
	const controller = new AbortController();
	const pending = hanging.getItem({ id: "x" }, { signal: controller.signal });
	controller.abort();
	t.match(await failure(pending), { code: "CLIENT_CLOSED_REQUEST", retryable: false });

	const proxy = await rawServer(t, (req, res) => {
		res.statusCode = req.url?.includes("bad-gateway") ? 502 : 200;
		res.setHeader("content-type", "text/html");
		res.end("<html>oops</html>");
	});
	const api = httpClient(ShopContract, { baseUrl: proxy });
	t.match(await failure(api.getItem({ id: "bad-gateway" })), {
		code: "SERVICE_UNAVAILABLE",
		status: 502,
		retryable: true,
		data: { reason: "INVALID_RESPONSE", contentType: "text/html", body: "<html>oops</html>" }
	});
	t.match(await failure(api.createItem({ name: "x", price: 1 })), {
		code: "SERVICE_UNAVAILABLE",
		status: 200,
		retryable: false,
		data: { reason: "INVALID_RESPONSE" }
	});
});

t.test("bad options fail at creation with CONFIG_INVALID", async t => {
	t.throws(() => httpClient(ShopContract, { baseUrl: "" }), { code: "CONFIG_INVALID", data: { setting: "baseUrl" } });
});

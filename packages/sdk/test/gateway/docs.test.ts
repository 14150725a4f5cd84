import { compileErrors, validate } from "@readme/openapi-parser";
import t from "tap";
import { z } from "zod";
import { defineContract } from "../../src/contract/define-contract.js";
import { createGateway } from "../../src/gateway/create-gateway.js";
import { openApiDocument } from "../../src/gateway/openapi.js";
import { ShopContract, startShop } from "../support/gateway-fixture.js";

const info = { title: "Shop <API>", version: "3.0.0" };
const shop = await startShop(t, { apiInfo: info });
const origin = new URL(shop.base).origin;

t.test("GET <basePath>/openapi.json serves the contracts' document, valid OpenAPI 3.1", async t => {
	const res = await fetch(`${shop.base}/openapi.json`);
	t.equal(res.status, 200);
	t.match(res.headers.get("content-type"), /^application\/json/);
	const served = await res.json();
	t.same(served, openApiDocument([ShopContract], { basePath: "/api", info }), "the same document openApiDocument builds");
	const result = await validate(structuredClone(served) as never);
	t.ok(result.valid, result.valid ? "valid" : compileErrors(result));
	const again = await fetch(`${shop.base}/openapi.json`, { headers: { authorization: "Bearer not-a-token" } });
	t.equal(again.status, 200, "public: a token (even a bad one) is not looked at");
});

t.test("GET <basePath>/docs is an HTML page whose every asset is local and answers 200", async t => {
	const res = await fetch(`${shop.base}/docs`);
	t.equal(res.status, 200);
	t.match(res.headers.get("content-type"), /^text\/html/);
	const html = await res.text();
	t.match(html, "<title>Shop &#60;API&#62;</title>", "the title is the API's, escaped");
	t.notMatch(html, /https?:|\/\/[a-z]/i, "no external URL anywhere in the page");
	const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map(match => match[1] ?? "");
	t.ok(urls.length >= 4, `the page loads its assets (${urls.join(", ")})`);
	for (const url of urls) {
		t.ok(url.startsWith("/api/docs/assets/") && !url.startsWith("//"), `${url} is local`);
		const asset = await fetch(new URL(url, `${shop.base}/docs`));
		t.equal(asset.status, 200, `${url} answers 200`);
		const body = await asset.arrayBuffer();
		t.ok(body.byteLength > 0, `${url} is not empty`);
		t.match(asset.headers.get("content-type"), /^(text\/(css|javascript)|image\/png)/, `${url} has its type`);
	}
	const init = await (await fetch(`${shop.base}/docs/assets/init.js`)).text();
	t.match(init, '"/api/openapi.json"', "the page loads the local document");
	t.notMatch(init, /https?:/);
	t.equal((await fetch(`${shop.base}/docs/`)).status, 200, "a trailing slash is the same page (assets use absolute local paths)");
});

t.test("the docs route leaves the API's 404 and 405 answers alone", async t => {
	for (const path of ["/docs/assets/missing.js", `/docs/assets/${encodeURIComponent("../package.json")}`, "/nothing"]) {
		const res = await fetch(`${shop.base}${path}`);
		t.equal(res.status, 404, path);
		t.match(await res.json(), { error: { code: "NOT_FOUND", httpStatus: 404, retryable: false } }, path);
	}
	const post = await fetch(`${shop.base}/docs`, { method: "POST" });
	t.equal(post.status, 404, "only GET is served on the docs");
	const wrongMethod = await fetch(`${shop.base}/items`, { method: "DELETE" });
	t.equal(wrongMethod.status, 405);
	t.equal(wrongMethod.headers.get("allow"), "GET, POST");
	t.equal((await fetch(`${origin}/openapi.json`)).status, 404, "nothing outside the base path");
});

t.test("docs: false serves neither the document nor the page", async t => {
	const hidden = await startShop(t, { docs: false });
	for (const path of ["/openapi.json", "/docs", "/docs/assets/swagger-ui.css"]) {
		const res = await fetch(`${hidden.base}${path}`);
		t.equal(res.status, 404, path);
		t.match(await res.json(), { error: { code: "NOT_FOUND", httpStatus: 404 } }, path);
	}
	t.equal((await fetch(`${hidden.base}/items/i-1`)).status, 200, "the API itself still answers");
});

t.test("a binding the docs would shadow is refused at creation, unless docs are off", async t => {
	const Pages = defineContract({
		name: "pages",
		version: 1,
		actions: { docs: { params: z.object({}), returns: z.object({}), http: "GET /docs/intro", auth: "public" } }
	});
	t.throws(() => createGateway({ contracts: [Pages] }), { code: "CONFIG_INVALID", data: { setting: "docs" } });
	t.doesNotThrow(() => createGateway({ contracts: [Pages], docs: false }));
});

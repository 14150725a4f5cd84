import { createServer } from "node:net";
import { join } from "node:path";
import t from "tap";
import { issueToken } from "../../src/gateway/issue-token.js";
import { createGateway } from "../../src/gateway/create-gateway.js";
import type { RateLimitOptions } from "../../src/gateway/rate-limit.js";
import { serverUrl, skipUnlessServer, startChild, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { ShopContract, startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const token = (id: string) => issueToken({ id, roles: [] }, { secret: TEST_JWT_SECRET });

async function statuses(url: string, count: number, init: RequestInit = {}): Promise<number[]> {
	const seen: number[] = [];
	for (let i = 0; i < count; i++) {
		const res = await fetch(url, init);
		await res.arrayBuffer();
		seen.push(res.status);
	}
	return seen;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as { port: number };
	await new Promise(resolve => server.close(resolve));
	return port;
}

t.test("past the per-address budget: 429 with Retry-After and RateLimit-* headers, in the one error shape", async t => {
	const shop = await startShop(t, { rateLimit: { perIp: { points: 3, durationSec: 60 }, perUser: false } });
	const first = await fetch(`${shop.base}/items/i-1`);
	t.equal(first.status, 200);
	t.equal(first.headers.get("ratelimit-limit"), "3");
	t.equal(first.headers.get("ratelimit-remaining"), "2");
	t.ok(Number(first.headers.get("ratelimit-reset")) > 0, "RateLimit-Reset counts seconds to the window's end");
	t.same(await statuses(`${shop.base}/items/i-1`, 2), [200, 200]);
	const refused = await fetch(`${shop.base}/items/i-1`);
	t.equal(refused.status, 429);
	const retryAfter = Number(refused.headers.get("retry-after"));
	t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter} s is within the window`);
	t.equal(refused.headers.get("ratelimit-remaining"), "0");
	t.match(await refused.json(), {
		error: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryable: true, data: { retryAfterSec: retryAfter, limit: 3, windowSec: 60 } }
	});
});

t.test("each signed-in user has a budget of their own; a refused request changes nothing", async t => {
	const shop = await startShop(t, { rateLimit: { perUser: { points: 2, durationSec: 60 }, perIp: false } });
	const post = async (user: string) =>
		(
			await fetch(`${shop.base}/items`, {
				method: "POST",
				headers: { authorization: `Bearer ${await token(user)}`, "content-type": "application/json" },
				body: JSON.stringify({ name: "Chair", price: 20 })
			})
		).status;
	t.same([await post("ann"), await post("ann"), await post("ann")], [201, 201, 429]);
	t.equal(shop.created(), 2, "the refused request created nothing");
	t.equal(await post("bob"), 201, "another user still has budget");
	t.same(await statuses(`${shop.base}/items/i-1`, 3), [200, 200, 200], "anonymous requests count per address, which is off here");
});

t.test("a stricter budget for one action leaves the others alone", async t => {
	const shop = await startShop(t, { rateLimit: { actions: { "v1.shop.getItem": { points: 1, durationSec: 60 } } } });
	t.same(await statuses(`${shop.base}/items/i-1`, 2), [200, 429]);
	t.same(await statuses(`${shop.base}/items`, 2), [200, 200]);
});

t.test("bad budgets and an unreachable Redis are CONFIG_INVALID at start", async t => {
	const start = (rateLimit: RateLimitOptions) =>
		startTestBroker(t, {
			services: [createGateway({ contracts: [ShopContract], port: 0, auth: { secret: TEST_JWT_SECRET }, rateLimit })]
		});
	await t.rejects(start({ perIp: { points: 0, durationSec: 10 } }), { code: "CONFIG_INVALID", data: { setting: "rateLimit.perIp" } });
	await t.rejects(start({ actions: { "v1.shop.getItem": { points: 1, durationSec: 1.5 } } }), {
		code: "CONFIG_INVALID",
		data: { setting: "rateLimit.actions.v1.shop.getItem" }
	});
	await t.rejects(start({ redisUrl: "redis://user:pw@127.0.0.1:1" }), {
		code: "CONFIG_INVALID",
		data: { setting: "rateLimit.redisUrl" },
		message: /127\.0\.0\.1:1 is unreachable/
	});
});

t.test("two gateway processes sharing Redis share one budget", { skip: await skipUnlessServer("redis") }, async t => {
	const keyPrefix = `test:${uniqueNamespace("rate")}`;
	const redisUrl = serverUrl("redis");
	const port = await freePort();
	await startChild(t, join(import.meta.dirname, "..", "support", "shop-gateway-process.ts"), {
		GATEWAY_PORT: String(port),
		RATE_REDIS_URL: redisUrl,
		RATE_KEY_PREFIX: keyPrefix,
		RATE_PER_IP: "4"
	});
	const here = await startShop(t, { rateLimit: { perIp: { points: 4, durationSec: 60 }, redisUrl, keyPrefix } });
	const there = `http://127.0.0.1:${port}/api`;
	t.same(await statuses(`${here.base}/items/i-1`, 2), [200, 200]);
	t.same(await statuses(`${there}/items/i-1`, 2), [200, 200]);
	t.same(await statuses(`${there}/items/i-1`, 1), [429], "the other gateway's requests used the budget");
	t.same(await statuses(`${here.base}/items/i-1`, 1), [429]);
});

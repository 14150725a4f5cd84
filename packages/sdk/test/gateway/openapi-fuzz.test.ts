// Walks every operation of the shop's live document with fuzzOpenApi (the
// testing kit's walk): each bad request is refused with a 4xx in the one
// error shape, never a 5xx, and changes nothing.
import t from "tap";
import { type FuzzHost, fuzzOpenApi } from "../../src/testing/index.js";
import { ShopContract, startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const shop = await startShop(t);
const createdBefore = shop.created();
t.test("every operation refuses bad input with the expected 4xx in the one error shape", async t => {
	// Path params name the one seeded item: a 404 would hide whether validation ran.
	const walked = await fuzzOpenApi(t, {
		baseUrl: shop.base,
		secret: TEST_JWT_SECRET,
		user: { id: "fuzzer", roles: ["admin"] },
		contracts: [ShopContract],
		pathValue: "i-1"
	});
	t.ok(walked >= 7, "the live document lists the shop's operations");
});

t.test("no bad request changed any state", async t => {
	t.equal(shop.created(), createdBefore, "nothing was created");
	const item = await (await fetch(`${shop.base}/items/i-1`)).json();
	t.match(item, { id: "i-1", name: "Lamp" }, "the seeded item is neither renamed nor deleted");
});

t.test("the walk can fail: a route that answers 200 to a bad request is reported", async t => {
	const failures: string[] = [];
	const host: FuzzHost = {
		ok: (value: unknown, message: string) => void (value ? undefined : failures.push(message)),
		equal: (found: unknown, wanted: unknown, message: string) => void (found === wanted ? undefined : failures.push(message)),
		same: () => undefined,
		match: () => undefined
	};
	// A secret the shop doesn't use: the "valid" token is refused, so the cases expecting 422 see 401.
	await fuzzOpenApi(host, {
		baseUrl: shop.base,
		secret: `${TEST_JWT_SECRET}-not-the-shop's`,
		contracts: [ShopContract],
		pathValue: "i-1"
	});
	t.ok(
		failures.some(message => /: 422$/.test(message)),
		"mismatched statuses are reported"
	);
});

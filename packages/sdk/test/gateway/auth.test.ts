import { join } from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import t from "tap";
import { createGateway, gatewayPort } from "../../src/gateway/create-gateway.js";
import { issueToken } from "../../src/gateway/issue-token.js";
import { createTokenVerifier } from "../../src/gateway/jwt-verifier.js";
import { serverUrl, skipUnlessServer, startChild, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { ShopContract, startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";

const shop = await startShop(t);
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** An HS256 token with the gateway's defaults (iss/aud "backbeat", 5 min) and `claims` on top. */
function hsToken(claims: Record<string, unknown> = {}, key: Uint8Array = secret): Promise<string> {
	const payload: JWTPayload = { sub: "u-1", roles: [], iss: "backbeat", aud: "backbeat", exp: now() + 300 };
	for (const [claim, value] of Object.entries(claims)) {
		if (value === undefined) delete payload[claim];
		else payload[claim] = value;
	}
	return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(key);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function whoAmI(base: string, authorization?: string) {
	const res = await fetch(`${base}/me`, authorization === undefined ? {} : { headers: { authorization } });
	const text = await res.text();
	return { status: res.status, text, body: JSON.parse(text) as unknown, challenge: res.headers.get("www-authenticate") };
}

t.test("a valid token's user reaches ctx.meta.user with its roles", async t => {
	const token = await issueToken({ id: "u-7", roles: ["admin", "listener"] }, { secret: TEST_JWT_SECRET });
	const res = await whoAmI(shop.base, `Bearer ${token}`);
	t.equal(res.status, 200);
	t.same(res.body, { id: "u-7", roles: ["admin", "listener"] });
});

t.test("every bad or missing token is a 401 with WWW-Authenticate: Bearer, and says why", async t => {
	const cases: [string, string | undefined, RegExp][] = [
		["missing", undefined, /needs a bearer token/],
		["another scheme", "Basic dTpw", /must be 'Bearer <token>'/],
		["malformed", "Bearer not-a-jwt", /malformed/],
		["expired", `Bearer ${await hsToken({ exp: now() - 60 })}`, /expired/],
		["not yet valid", `Bearer ${await hsToken({ nbf: now() + 120 })}`, /not valid yet/],
		["wrong signature", `Bearer ${await hsToken({}, new TextEncoder().encode("another-secret-of-at-least-32-chars!!"))}`, /signature/],
		["wrong audience", `Bearer ${await hsToken({ aud: "someone-else" })}`, /audience/],
		["wrong issuer", `Bearer ${await hsToken({ iss: "evil" })}`, /issued by someone else/],
		["no expiry", `Bearer ${await hsToken({ exp: undefined })}`, /'exp' claim/],
		["no subject", `Bearer ${await hsToken({ sub: undefined })}`, /subject|'sub' claim/],
		["roles not strings", `Bearer ${await hsToken({ roles: [1] })}`, /roles claim/],
		[
			"alg: none",
			`Bearer ${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: "u-1", iss: "backbeat", aud: "backbeat", exp: now() + 300 })}.`,
			/algorithm is not accepted|malformed/
		]
	];
	for (const [label, header, why] of cases) {
		const res = await whoAmI(shop.base, header);
		t.equal(res.status, 401, label);
		t.match(res.body, { error: { code: "UNAUTHORIZED", httpStatus: 401, message: why } }, label);
		t.match(res.challenge, /^Bearer realm="backbeat"/, `${label}: WWW-Authenticate`);
		t.notMatch(res.text, TEST_JWT_SECRET, `${label}: the secret is not in the answer`);
		if (header) t.notMatch(res.text, header.replace(/^\w+ /, ""), `${label}: the token is not echoed`);
	}
});

t.test("a bad token is refused on a public action too; no token there is fine", async t => {
	t.equal((await fetch(`${shop.base}/items/i-1`)).status, 200);
	const res = await fetch(`${shop.base}/items/i-1`, { headers: { authorization: `Bearer ${await hsToken({ exp: now() - 60 })}` } });
	t.equal(res.status, 401);
});

t.test("a missing role is 403 naming the roles; the role lets the call through", async t => {
	const body = JSON.stringify({ name: "Desk lamp" });
	const headers = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
	const listener = await issueToken({ id: "u-2", roles: ["listener"] }, { secret: TEST_JWT_SECRET });
	const refused = await fetch(`${shop.base}/items/i-1`, { method: "PUT", headers: headers(listener), body });
	t.equal(refused.status, 403);
	t.match(await refused.json(), { error: { code: "FORBIDDEN", data: { roles: ["admin"] } } });
	t.match(await (await fetch(`${shop.base}/items/i-1`)).json(), { name: "Lamp" }, "nothing changed");
	const admin = await issueToken({ id: "u-3", roles: ["admin"] }, { secret: TEST_JWT_SECRET });
	const renamed = await fetch(`${shop.base}/items/i-1`, { method: "PUT", headers: headers(admin), body });
	t.equal(renamed.status, 200);
	t.match(await renamed.json(), { name: "Desk lamp" });
});

t.test("with an RS256 public key: its tokens pass, HS256 signed with the public key (algorithm confusion) does not", async t => {
	const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
	const publicJwk = { ...(await exportJWK(publicKey)), alg: "RS256", kid: "k1" };
	const privateJwk = { ...(await exportJWK(privateKey)), alg: "RS256", kid: "k1" };
	const rsShop = await startShop(t, { auth: { publicKeys: [publicJwk] } });
	const good = await issueToken({ id: "u-9", roles: [] }, { privateKey: privateJwk });
	t.same((await whoAmI(rsShop.base, `Bearer ${good}`)).body, { id: "u-9", roles: [] });
	for (const keyText of [await exportSPKI(publicKey), JSON.stringify(publicJwk)]) {
		const confused = await hsToken({}, new TextEncoder().encode(keyText));
		const res = await whoAmI(rsShop.base, `Bearer ${confused}`);
		t.equal(res.status, 401);
		t.match(res.body, { error: { code: "UNAUTHORIZED", message: /algorithm is not accepted/ } });
	}
	const otherPair = await generateKeyPair("RS256", { extractable: true });
	const forged = await issueToken(
		{ id: "u-9", roles: [] },
		{ privateKey: { ...(await exportJWK(otherPair.privateKey)), alg: "RS256", kid: "k1" } }
	);
	t.match((await whoAmI(rsShop.base, `Bearer ${forged}`)).body, { error: { message: /signature/ } });
});

t.test("a gateway refuses to start with non-public actions and no key material, or a short secret", async t => {
	const previous = process.env["BACKBEAT_JWT_SECRET"];
	delete process.env["BACKBEAT_JWT_SECRET"];
	t.teardown(() => {
		if (previous !== undefined) process.env["BACKBEAT_JWT_SECRET"] = previous;
	});
	await t.rejects(startTestBroker(t, { services: [createGateway({ contracts: [ShopContract], port: 0, rateLimit: false })] }), {
		code: "CONFIG_INVALID",
		data: { setting: "auth" }
	});
	await t.rejects(
		startTestBroker(t, {
			services: [createGateway({ contracts: [ShopContract], port: 0, auth: { secret: "short" }, rateLimit: false })]
		}),
		{ code: "CONFIG_INVALID", data: { setting: "secret" }, message: /at least 32 characters/ }
	);
});

t.test("the user reaches ctx.meta.user of a service in another process over NATS", { skip: await skipUnlessServer("nats") }, async t => {
	const transporter = serverUrl("nats");
	const namespace = uniqueNamespace("gw-auth");
	await startChild(t, join(import.meta.dirname, "..", "support", "shop-process.ts"), {
		SHOP_TRANSPORTER: transporter,
		SHOP_NAMESPACE: namespace
	});
	const broker = await startTestBroker(t, {
		transporter,
		namespace,
		services: [createGateway({ contracts: [ShopContract], port: 0, auth: { secret: TEST_JWT_SECRET }, rateLimit: false })]
	});
	await broker.waitForServices(["v1.shop"], 10_000);
	const token = await issueToken({ id: "remote-user", roles: ["editor"] }, { secret: TEST_JWT_SECRET });
	const res = await whoAmI(`http://127.0.0.1:${gatewayPort(broker)}/api`, `Bearer ${token}`);
	t.equal(res.status, 200);
	t.same(res.body, { id: "remote-user", roles: ["editor"] });
});

t.test("a remembered token still expires: the cache never outlives exp", async t => {
	const verify = await createTokenVerifier({ secret: TEST_JWT_SECRET, clockToleranceSec: 0 });
	if (!verify) throw new Error("a secret gives a verifier");
	// Two seconds of margin: on a loaded machine the first checks must still land before exp.
	const exp = now() + 2;
	const token = await hsToken({ exp });
	t.same(await verify(token), { id: "u-1", roles: [] });
	t.same(await verify(token), { id: "u-1", roles: [] }, "the second check answers the same user");
	await new Promise(resolve => setTimeout(resolve, exp * 1000 - Date.now() + 50));
	await t.rejects(verify(token), { code: "UNAUTHORIZED", message: /expired/ });
	await t.rejects(createTokenVerifier({ secret: TEST_JWT_SECRET, verifiedCacheSize: -1 }), {
		code: "CONFIG_INVALID",
		data: { setting: "verifiedCacheSize" }
	});
});

import t from "tap";
import { startShop } from "../support/gateway-fixture.js";

const origin = "https://player.example";

t.test("CORS is off by default: no Access-Control headers, a preflight finds no route", async t => {
	const shop = await startShop(t);
	const res = await fetch(`${shop.base}/items/i-1`, { headers: { origin } });
	t.equal(res.status, 200);
	t.equal(res.headers.get("access-control-allow-origin"), null);
	const preflight = await fetch(`${shop.base}/items`, {
		method: "OPTIONS",
		headers: { origin, "access-control-request-method": "POST" }
	});
	t.equal(preflight.headers.get("access-control-allow-origin"), null);
});

t.test("with an origin configured: preflights answer what may be sent, responses name the origin", async t => {
	const shop = await startShop(t, { cors: { origin, maxAge: 120 } });
	const preflight = await fetch(`${shop.base}/items`, {
		method: "OPTIONS",
		headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" }
	});
	t.ok(preflight.status === 204 || preflight.status === 200, `preflight answered ${preflight.status}`);
	t.equal(preflight.headers.get("access-control-allow-origin"), origin);
	t.match(preflight.headers.get("access-control-allow-methods"), /POST/);
	t.match(preflight.headers.get("access-control-allow-headers"), /authorization/i);
	t.equal(preflight.headers.get("access-control-max-age"), "120");
	const res = await fetch(`${shop.base}/items/i-1`, { headers: { origin } });
	t.equal(res.headers.get("access-control-allow-origin"), origin);
	t.match(res.headers.get("access-control-expose-headers"), /x-trace-id/i);
	const stranger = await fetch(`${shop.base}/items/i-1`, { headers: { origin: "https://evil.example" } });
	t.not(stranger.headers.get("access-control-allow-origin"), "https://evil.example", "another origin is not allowed");
});

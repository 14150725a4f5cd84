import { createHash, createHmac } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import t from "tap";
import { z } from "zod";
import { client, createBroker, defineContract, defineService, idempotencyKeyOf } from "../../src/index.js";
import { ManualClock, serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { OrdersContract, createOrders } from "../support/orders.js";
import { startChild } from "../../src/testing/child-process.js";
import { rejectionOf } from "../support/failures.js";
import { waitForEndpoints } from "../support/wait-for-endpoints.js";

const ordersProcess = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "orders-process.ts");

function gate() {
	let open!: () => void;
	const promise = new Promise<void>(resolve => (open = resolve));
	return { promise, open };
}

t.test("50 concurrent calls with one key run the handler once and all get the same result", async t => {
	const hold = gate();
	const orders = createOrders({ gate: hold.promise });
	const broker = await startTestBroker(t, { services: [orders.service] });
	const calls = Array.from({ length: 50 }, () => client(broker, OrdersContract).place({ item: "book" }, { idempotencyKey: "cart-1" }));
	hold.open();
	const results = await Promise.all(calls);
	t.equal(orders.local.runs, 1);
	t.equal(new Set(results.map(r => r.orderId)).size, 1);
	const other = await client(broker, OrdersContract).place({ item: "book" }, { idempotencyKey: "cart-2" });
	t.not(other.orderId, results[0]?.orderId, "another key is another order");
	t.equal(orders.local.runs, 2);
});

t.test("the same key with different params is a clear conflict", async t => {
	const broker = await startTestBroker(t, { services: [createOrders().service] });
	await client(broker, OrdersContract).place({ item: "book" }, { idempotencyKey: "k" });
	const err = await rejectionOf(client(broker, OrdersContract).place({ item: "lamp" }, { idempotencyKey: "k" }));
	t.equal(err.code, "CONFLICT");
	t.match(err.data, { reason: "IDEMPOTENCY_KEY_REUSED", scope: "v1.orders.place:k" });
});

t.test("keys are per signed-in user: the same key from two users is two calls, neither a replay nor a conflict", async t => {
	const orders = createOrders();
	const broker = await startTestBroker(t, { services: [orders.service] });
	const place = (user: string, item: string) =>
		client(broker, OrdersContract).place({ item }, { idempotencyKey: "k", meta: { user: { id: user, roles: [] } } });
	const ann = await place("ann", "book");
	const bob = await place("bob", "book");
	t.not(bob.orderId, ann.orderId, "Bob does not get Ann's order");
	t.same(await place("ann", "book"), ann, "Ann's repeat replays hers");
	t.same((await rejectionOf(place("bob", "lamp"))).data, {
		scope: "v1.orders.place@bob:k",
		reason: "IDEMPOTENCY_KEY_REUSED"
	});
	t.equal(orders.local.runs, 2);
});

t.test("a non-retryable failure is the recorded outcome; keys expire after the TTL", async t => {
	const clock = new ManualClock();
	const orders = createOrders();
	const broker = await startTestBroker(t, { services: [orders.service], resilience: { clock, idempotencyTtlMs: 60_000 } });
	const place = (item: string) => client(broker, OrdersContract).place({ item }, { idempotencyKey: `key-${item}` });
	t.equal((await rejectionOf(place("missing"))).code, "NOT_FOUND");
	t.equal((await rejectionOf(place("missing"))).code, "NOT_FOUND", "replayed");
	t.equal(orders.local.runs, 1);
	const first = await place("book");
	clock.advance(59_999);
	t.same(await place("book"), first, "still remembered just before the TTL");
	clock.advance(1);
	t.not((await place("book")).orderId, first.orderId, "forgotten after the TTL");
	t.equal(orders.local.runs, 3);
});

t.test(
	"across two processes over NATS with the Redis store: once for 50 concurrent calls",
	{ skip: (await skipUnlessServer("nats")) || (await skipUnlessServer("redis")) },
	async t => {
		const namespace = uniqueNamespace();
		const transporter = serverUrl("nats");
		const redisUrl = serverUrl("redis");
		const counterKey = `${namespace}:orders:runs`;
		const redis = new Redis(redisUrl);
		t.teardown(async () => {
			await redis.del(counterKey);
			await redis.quit();
		});
		await startChild(t, ordersProcess, {
			ORDERS_TRANSPORTER: transporter,
			ORDERS_NAMESPACE: namespace,
			ORDERS_REDIS_URL: redisUrl,
			ORDERS_COUNTER_KEY: counterKey
		});
		const local = await startTestBroker(t, {
			transporter,
			namespace,
			idempotencyStore: redisUrl,
			services: [createOrders({ redis, counterKey }).service]
		});
		await local.waitForServices(["v1.orders"], 10_000);
		await waitForEndpoints(local, "v1.orders.place", 2);
		const caller = createBroker({ transporter, namespace, logLevel: "warn" });
		await caller.start();
		t.teardown(() => caller.stop());
		await caller.waitForServices(["v1.orders"], 10_000);
		const results = await Promise.all(
			Array.from({ length: 50 }, () => client(caller, OrdersContract).place({ item: "vinyl" }, { idempotencyKey: "order-42" }))
		);
		const served = new Set(results.map(r => r.orderId));
		t.equal(served.size, 1, "every caller got the same order");
		t.equal(Number(await redis.get(counterKey)), 1, "the handler ran once in both processes together");
		const conflict = await rejectionOf(client(caller, OrdersContract).place({ item: "other" }, { idempotencyKey: "order-42" }));
		t.equal(conflict.code, "CONFLICT");
	}
);

t.test("a keyed call whose params can't be fingerprinted gets a clear error, not a crash", async t => {
	const { z } = await import("zod");
	const { defineContract, defineService } = await import("../../src/index.js");
	const Big = defineContract({
		name: "big",
		version: 1,
		actions: { put: { params: z.object({ n: z.bigint() }), returns: z.object({ ok: z.boolean() }) } }
	});
	const broker = await startTestBroker(t, { services: [defineService(Big, { actions: { put: () => ({ ok: true }) } })] });
	const err = await rejectionOf(client(broker, Big).put({ n: 1n }, { idempotencyKey: "k" }));
	t.equal(err.code, "NOT_SERIALIZABLE");
	t.same(await client(broker, Big).put({ n: 1n }), { ok: true }, "without a key nothing is fingerprinted");
});

t.test(
	"the store keeps an HMAC of the params under idempotencySecret, never something a reader could recover them from",
	{ skip: await skipUnlessServer("redis") },
	async t => {
		const namespace = uniqueNamespace("fingerprint");
		const redisUrl = serverUrl("redis");
		const redis = new Redis(redisUrl);
		t.teardown(() => redis.quit());
		const brokerWith = async (secret: string) =>
			startTestBroker(t, { namespace, idempotencyStore: redisUrl, idempotencySecret: secret, services: [createOrders().service] });
		const params = { item: "4242424242424242" };
		const first = await client(await brokerWith("shared-secret"), OrdersContract).place(params, { idempotencyKey: "k" });
		const stored = JSON.parse((await redis.get(`${namespace}:backbeat:idempotency:v1.orders.place:k`)) ?? "{}") as {
			fingerprint?: string;
		};
		t.equal(stored.fingerprint, createHmac("sha256", "shared-secret").update(JSON.stringify(params)).digest("base64url"), "an HMAC");
		t.not(stored.fingerprint, createHash("sha256").update(JSON.stringify(params)).digest("base64url"), "not a bare hash");
		t.same(
			await client(await brokerWith("shared-secret"), OrdersContract).place(params, { idempotencyKey: "k" }),
			first,
			"another instance with the same secret replays the outcome"
		);
		const mismatch = await rejectionOf(
			client(await brokerWith("another-secret"), OrdersContract).place(params, { idempotencyKey: "k" })
		);
		t.equal(mismatch.code, "CONFLICT", "an instance with another secret can't match it: they must share one");
	}
);

t.test("idempotencyKeyOf(ctx) gives the handler its call's key", async t => {
	const Keys = defineContract({
		name: "keys",
		version: 1,
		actions: { echo: { params: z.object({}), returns: z.object({ key: z.string().nullable() }) } }
	});
	const broker = await startTestBroker(t, {
		services: [defineService(Keys, { actions: { echo: ctx => ({ key: idempotencyKeyOf(ctx) ?? null }) } })]
	});
	t.same(await client(broker, Keys).echo({}, { idempotencyKey: "cart-7" }), { key: "cart-7" });
	t.same(await client(broker, Keys).echo({}), { key: null });
});

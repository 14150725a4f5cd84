import { connect } from "node:net";
import t from "tap";
import { thrownBy } from "../support/failures.js";
import { createBroker } from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";

t.test("bad settings fail at once with a message naming the setting", async t => {
	const cases: Array<[string, () => unknown, string]> = [
		["unknown scheme in the option", () => createBroker({ transporter: "kafka://localhost:9092" }), "transporter"],
		["unknown scheme in the variable", () => createBroker({}, { BACKBEAT_TRANSPORTER: "ftp://x" }), "BACKBEAT_TRANSPORTER"],
		["not a URL", () => createBroker({}, { BACKBEAT_TRANSPORTER: "nats" }), "BACKBEAT_TRANSPORTER"],
		["bad log level", () => createBroker({}, { BACKBEAT_LOG_LEVEL: "loud" }), "BACKBEAT_LOG_LEVEL"],
		["zero timeout", () => createBroker({ requestTimeout: 0 }), "requestTimeout"],
		["fractional payload limit", () => createBroker({ maxPayloadBytes: 1.5 }), "maxPayloadBytes"],
		["negative connect timeout", () => createBroker({ connectTimeout: -1 }), "connectTimeout"],
		["bad AMQP prefetch", () => createBroker({ transporter: "amqp://127.0.0.1", amqp: { prefetch: 0 } }), "amqp.prefetch"],
		["bad TCP peer option", () => createBroker({ transporter: "tcp://127.0.0.1:0", tcpPeers: ["localhost"] }), "tcpPeers"],
		[
			"bad TCP peer variable",
			() => createBroker({ transporter: "tcp://127.0.0.1:0" }, { BACKBEAT_TCP_PEERS: "a:b/c" }),
			"BACKBEAT_TCP_PEERS"
		],
		["zero attempts", () => createBroker({ resilience: { retry: { maxAttempts: 0 } } }), "resilience.retry.maxAttempts"],
		["budget ratio over 1", () => createBroker({ resilience: { retryBudget: { ratio: 2 } } }), "resilience.retryBudget.ratio"],
		["negative open time", () => createBroker({ resilience: { circuitBreaker: { openMs: -5 } } }), "resilience.circuitBreaker.openMs"],
		["fractional TTL", () => createBroker({ resilience: { idempotencyTtlMs: 0.5 } }), "resilience.idempotencyTtlMs"],
		["unknown idempotency store", () => createBroker({ idempotencyStore: "mongodb://x" }), "idempotencyStore"],
		["idempotency store not a URL", () => createBroker({}, { BACKBEAT_IDEMPOTENCY_STORE: "disk" }), "BACKBEAT_IDEMPOTENCY_STORE"],
		["validateResults not a boolean", () => createBroker({ validateResults: "no" as never }), "validateResults"],
		["metrics not a boolean", () => createBroker({ metrics: "yes" as never }), "metrics"],
		["services not an array", () => createBroker({ services: {} as never }), "services"],
		["TCP on every interface", () => createBroker({ transporter: "tcp://0.0.0.0:4000" }), "transporter"]
	];
	for (const [name, make, setting] of cases) {
		const err = thrownBy(make);
		t.equal(err.code, "CONFIG_INVALID", name);
		t.same(err.data, { setting }, `${name} names ${setting}`);
		t.ok(err.message.startsWith(`${setting}: `), `${name}: ${err.message}`);
	}
});

t.test("a password in a bad URL is masked in the message", async t => {
	const err = thrownBy(() => createBroker({ transporter: "ftp://user:secret@host" }));
	t.notMatch(err.message, /secret/);
	t.match(err.message, /\*\*\*/);
});

t.test("an explicit option wins over its environment variable", async t => {
	const broker = createBroker(
		{ transporter: "in-process", namespace: "from-option" },
		{ BACKBEAT_TRANSPORTER: "ftp://ignored", BACKBEAT_NAMESPACE: "from-env" }
	);
	t.equal(broker.transit, undefined, "no transporter");
	t.equal(broker.namespace, "from-option");
	const fromEnv = createBroker({}, { BACKBEAT_NAMESPACE: "from-env", BACKBEAT_NODE_ID: "node-from-env" });
	t.equal(fromEnv.namespace, "from-env");
	t.equal(fromEnv.nodeID, "node-from-env");
});

t.test("two brokers in one process get distinct default node ids", async t => {
	t.not(createBroker({}, {}).nodeID, createBroker({}, {}).nodeID);
	t.not(
		createBroker({}, { BACKBEAT_NODE_ID: "" }).nodeID,
		createBroker({}, { BACKBEAT_NODE_ID: "" }).nodeID,
		"an empty variable counts as unset"
	);
});

t.test("an unreachable transporter fails start() within connectTimeout, naming the setting", async t => {
	const broker = createBroker({ transporter: "nats://127.0.0.1:1", connectTimeout: 300, logLevel: "fatal" });
	await t.rejects(broker.start(), {
		name: "BackbeatError",
		code: "SERVICE_UNAVAILABLE",
		message: /^transporter: could not connect to nats:\/\/127\.0\.0\.1:1/
	});
});

t.test("AMQP: Nagle off and a prefetch that lets calls flow", async t => {
	const broker = createBroker({ transporter: "amqp://guest:guest@127.0.0.1:5672" });
	const opts = (broker.transit!.tx as unknown as { opts: { prefetch: number; socketOptions: { noDelay: boolean } } }).opts;
	t.equal(opts.prefetch, 64);
	t.equal(opts.socketOptions.noDelay, true);
	const tuned = createBroker({ transporter: "amqp://guest:guest@127.0.0.1:5672", amqp: { prefetch: 8 } });
	t.equal((tuned.transit!.tx as unknown as { opts: { prefetch: number } }).opts.prefetch, 8);
});

t.test("NATS: user, token and TLS options are passed to the client", async t => {
	const broker = createBroker({
		transporter: "nats://127.0.0.1:4222",
		nats: { user: "u", pass: "p", token: "tok", tls: { caFile: "/ca.pem" } }
	});
	const opts = (broker.transit!.tx as unknown as { opts: Record<string, unknown> }).opts;
	t.match(opts, { user: "u", pass: "p", token: "tok", tls: { caFile: "/ca.pem" } });
});

t.test("TCP: listens on loopback only and does no UDP discovery", async t => {
	const broker = await startTestBroker(t, { transporter: "tcp://127.0.0.1:0" });
	const tx = broker.transit!.tx as unknown as {
		opts: { port: number; udpDiscovery: boolean };
		reader: { server: import("node:net").Server };
	};
	const address = tx.reader.server.address() as import("node:net").AddressInfo;
	t.equal(address.address, "127.0.0.1");
	t.same(
		broker.tcpAddress(),
		{ host: "127.0.0.1", port: address.port, peer: `127.0.0.1:${address.port}/${broker.nodeID}` },
		"tcpAddress() tells where"
	);
	t.equal((await startTestBroker(t, { transporter: "in-process" })).tcpAddress(), undefined, "no TCP, no address");
	t.equal(tx.opts.udpDiscovery, false);
	t.equal(tx.opts.port, address.port);
	t.same(broker.registry.nodes.localNode?.ipList, ["127.0.0.1"], "announces the address it listens on");
	const reachable = await new Promise<boolean>(resolve => {
		const socket = connect({ host: "127.0.0.1", port: address.port }, () => resolve(true)).on("error", () => resolve(false));
		socket.unref();
	});
	t.ok(reachable);
});

t.test("TCP: an empty host means loopback", async t => {
	const broker = await startTestBroker(t, { transporter: "tcp://" });
	const tx = broker.transit!.tx as unknown as { reader: { server: import("node:net").Server } };
	t.equal((tx.reader.server.address() as import("node:net").AddressInfo).address, "127.0.0.1");
});

t.test("validateResults can be turned off (production default)", async t => {
	const { z } = await import("zod");
	const { defineContract, defineService, client } = await import("../../src/index.js");
	const C = defineContract({
		name: "loose",
		version: 1,
		actions: { get: { params: z.object({}), returns: z.object({ n: z.number() }) } }
	});
	const service = defineService(C, { actions: { get: () => ({ n: "not a number" }) as unknown as { n: number } } });
	const off = await startTestBroker(t, { services: [service], validateResults: false });
	t.same(await client(off, C).get({}), { n: "not a number" }, "result passed through unchecked");
	const prod = createBroker({ services: [service], logLevel: "fatal" }, { NODE_ENV: "production" });
	await prod.start();
	t.teardown(() => prod.stop());
	t.same(await client(prod, C).get({}), { n: "not a number" }, "off by default when NODE_ENV=production");
});

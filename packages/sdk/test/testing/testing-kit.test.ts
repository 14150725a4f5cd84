import { createServer, type AddressInfo } from "node:net";
import t from "tap";
import { z } from "zod";
import { client, defineContract, defineService } from "../../src/index.js";
import { serverUrl, skipUnlessServer, startTestBroker } from "../../src/testing/index.js";

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

t.test("skipUnlessServer: false when the server answers", async t => {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	t.teardown(() => server.close());
	const { port } = server.address() as AddressInfo;
	t.equal(await skipUnlessServer("nats", { BACKBEAT_TEST_NATS_URL: `nats://127.0.0.1:${port}` }), false);
});

t.test("skipUnlessServer: a reason when absent, an error when required", async t => {
	const port = await closedPort();
	const env = { BACKBEAT_TEST_REDIS_URL: `redis://127.0.0.1:${port}` };
	t.match(await skipUnlessServer("redis", env), new RegExp(`redis server not reachable at 127\\.0\\.0\\.1:${port}`));
	await t.rejects(skipUnlessServer("redis", { ...env, BACKBEAT_REQUIRE_SERVICES: "1" }), /BACKBEAT_REQUIRE_SERVICES=1 requires it/);
});

t.test("serverUrl: defaults and overrides", async t => {
	t.equal(serverUrl("nats", {}), "nats://127.0.0.1:4222");
	t.equal(serverUrl("amqp", { BACKBEAT_TEST_AMQP_URL: "amqp://h" }), "amqp://h");
});

t.test("startTestBroker starts services and stops the broker when the test ends", async t => {
	const C = defineContract({ name: "kit", version: 1, actions: { ping: { params: z.object({}), returns: z.literal("pong") } } });
	let broker: Awaited<ReturnType<typeof startTestBroker>> | undefined;
	await t.test("inner", async t => {
		broker = await startTestBroker(t, { services: [defineService(C, { actions: { ping: () => "pong" as const } })] });
		t.equal(await client(broker, C).ping({}), "pong");
		t.ok(broker.started);
	});
	t.equal(broker?.started, false, "stopped by the inner test's teardown");
});

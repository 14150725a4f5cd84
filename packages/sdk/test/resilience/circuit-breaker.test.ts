import t from "tap";
import { client, createBroker, METRICS } from "../../src/index.js";
import { ManualClock, serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { FlakyContract, createFlaky } from "../support/flaky.js";
import { rejectionOf } from "../support/failures.js";
import { waitForEndpoints } from "../support/wait-for-endpoints.js";

const breaker = { minRequests: 4, failureRatio: 0.5, openMs: 1000, windowMs: 10_000 };

t.test("the circuit opens, fails fast, probes, and closes again", async t => {
	const clock = new ManualClock();
	const flaky = createFlaky({ failures: 5 });
	const broker = createBroker({
		services: [flaky.service],
		metrics: true,
		logLevel: "warn",
		resilience: { clock, circuitBreaker: breaker }
	});
	await broker.start();
	t.teardown(() => broker.stop());
	const write = () => client(broker, FlakyContract).write({ id: "x" });

	for (let i = 0; i < 4; i++) t.equal((await rejectionOf(write())).code, "SERVICE_UNAVAILABLE");
	const fast = await rejectionOf(write());
	t.equal(fast.code, "CIRCUIT_OPEN", "open after 4 of 4 failed");
	t.equal(fast.httpStatus, 503);
	t.match(fast.data, { state: "open", retryInMs: 1000 });
	t.equal(flaky.state.attempts, 4, "failing fast did not reach the dependency");

	clock.advance(999);
	t.equal((await rejectionOf(write())).code, "CIRCUIT_OPEN", "still open at 999 ms");
	clock.advance(1);
	t.equal((await rejectionOf(write())).code, "SERVICE_UNAVAILABLE", "one probe passed through and failed");
	t.equal(flaky.state.attempts, 5);
	t.equal((await rejectionOf(write())).code, "CIRCUIT_OPEN", "a failed probe opens the circuit again");

	clock.advance(1000);
	const probe = write();
	t.equal((await rejectionOf(write())).code, "CIRCUIT_OPEN", "only one probe at a time");
	t.same(await probe, { id: "x", attempt: 6 }, "the probe succeeded");
	t.same(await write(), { id: "x", attempt: 7 }, "closed again: calls pass");

	const changes = broker.metrics.getMetric(METRICS.circuitStateChanges);
	const endpoint = `${broker.nodeID}:v1.flaky.write`;
	t.equal(changes?.get({ endpoint, state: "open" })?.value, 2);
	t.equal(changes?.get({ endpoint, state: "half-open" })?.value, 2);
	t.equal(changes?.get({ endpoint, state: "closed" })?.value, 1);
});

t.test("client errors (4xx) never open the circuit", async t => {
	const clock = new ManualClock();
	const conflict = createFlaky({ failures: 20, code: "CONFLICT" });
	const broker = await startTestBroker(t, { services: [conflict.service], resilience: { clock, circuitBreaker: breaker } });
	for (let i = 0; i < 20; i++) t.equal((await rejectionOf(client(broker, FlakyContract).write({ id: "x" }))).code, "CONFLICT");
	t.equal(conflict.state.attempts, 20);
});

t.test("below minRequests the circuit stays closed", async t => {
	const clock = new ManualClock();
	const flaky = createFlaky({ failures: 3 });
	const broker = await startTestBroker(t, { services: [flaky.service], resilience: { clock, circuitBreaker: breaker } });
	for (let i = 0; i < 3; i++) await rejectionOf(client(broker, FlakyContract).write({ id: "x" }));
	t.same(await client(broker, FlakyContract).write({ id: "x" }), { id: "x", attempt: 4 });
});

t.test(
	"circuits are per endpoint: a dead node is cut off, its healthy twin keeps serving",
	{ skip: await skipUnlessServer("nats") },
	async t => {
		const clock = new ManualClock({ autoAdvanceSleeps: true });
		const namespace = uniqueNamespace();
		const transporter = serverUrl("nats");
		const dead = createFlaky({ failures: Number.POSITIVE_INFINITY });
		const healthy = createFlaky({ failures: 0 });
		await startTestBroker(t, { transporter, namespace, services: [dead.service] });
		await startTestBroker(t, { transporter, namespace, services: [healthy.service] });
		const caller = await startTestBroker(t, {
			transporter,
			namespace,
			resilience: { clock, circuitBreaker: breaker, retryBudget: { minRetries: 10 } }
		});
		await caller.waitForServices(["v1.flaky"], 10_000);
		await waitForEndpoints(caller, "v1.flaky.read", 2);
		for (let i = 0; i < 20; i++) {
			const result = await client(caller, FlakyContract).read({ id: String(i) });
			t.equal(result.id, String(i));
		}
		t.equal(dead.state.attempts, 4, "the dead node got minRequests calls, then its circuit opened");
		t.equal(healthy.state.attempts, 20, "every call was answered by the healthy node");
	}
);

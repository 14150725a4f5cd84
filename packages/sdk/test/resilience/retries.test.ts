import t from "tap";
import { client, createBroker, METRICS, type ResilienceOptions } from "../../src/index.js";
import { ManualClock, seededRandom, startTestBroker } from "../../src/testing/index.js";
import { FlakyContract, createFlaky } from "../support/flaky.js";
import { rejectionOf } from "../support/failures.js";

function resilient(clock: ManualClock, extra: ResilienceOptions = {}): ResilienceOptions {
	return { clock, random: seededRandom(7), circuitBreaker: { enabled: false }, ...extra };
}

t.test("an idempotent action that fails N times then succeeds: exactly N+1 attempts", async t => {
	for (const failures of [0, 1, 2]) {
		const clock = new ManualClock({ autoAdvanceSleeps: true });
		const flaky = createFlaky({ failures });
		const broker = await startTestBroker(t, { services: [flaky.service], resilience: resilient(clock) });
		const result = await client(broker, FlakyContract).read({ id: "a" });
		t.equal(result.attempt, failures + 1, `${failures} failures`);
		t.equal(flaky.state.attempts, failures + 1);
		t.equal(clock.sleeps.length, failures, "one backoff per retry");
		for (const [retry, delay] of clock.sleeps.entries())
			t.ok(delay < Math.min(1000, 50 * 2 ** retry), `backoff ${retry} within its ceiling`);
	}
});

t.test("maxAttempts bounds the attempts; the last error is returned", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const flaky = createFlaky({ failures: 10 });
	const broker = await startTestBroker(t, { services: [flaky.service], resilience: resilient(clock, { retry: { maxAttempts: 4 } }) });
	const err = await rejectionOf(client(broker, FlakyContract).read({ id: "a" }));
	t.equal(err.code, "SERVICE_UNAVAILABLE");
	t.equal(err.message, "failure 4");
	t.equal(flaky.state.attempts, 4);
	const perCall = createFlaky({ failures: 10 });
	const other = await startTestBroker(t, { services: [perCall.service], resilience: resilient(clock) });
	await rejectionOf(client(other, FlakyContract).read({ id: "a" }, { retry: { maxAttempts: 2 } }));
	t.equal(perCall.state.attempts, 2, "per-call override");
	await rejectionOf(client(other, FlakyContract).read({ id: "a" }, { retry: false }));
	t.equal(perCall.state.attempts, 3, "retry: false makes one attempt");
});

t.test("never retried: validation errors, other 4xx, non-idempotent actions without a key", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const flaky = createFlaky({ failures: 1 });
	const broker = await startTestBroker(t, { services: [flaky.service], resilience: resilient(clock) });
	const flakyClient = client(broker, FlakyContract);

	t.equal((await rejectionOf(flakyClient.read({ id: 5 } as never))).code, "VALIDATION_FAILED");
	t.equal(flaky.state.attempts, 0, "invalid params never reached the handler, once");

	const notIdempotent = await rejectionOf(flakyClient.write({ id: "w" }));
	t.equal(notIdempotent.code, "SERVICE_UNAVAILABLE");
	t.equal(flaky.state.attempts, 1, "a non-idempotent action without a key is tried once");

	const conflict = createFlaky({ failures: 3, code: "CONFLICT" });
	const other = await startTestBroker(t, { services: [conflict.service], resilience: resilient(clock) });
	await rejectionOf(client(other, FlakyContract).read({ id: "c" }));
	t.equal(conflict.state.attempts, 1, "a 4xx error is not retried even when idempotent");
	t.equal(clock.sleeps.length, 0, "no backoff was ever scheduled");
});

t.test("a non-idempotent action is retried when the call carries an idempotency key", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const flaky = createFlaky({ failures: 2 });
	const broker = await startTestBroker(t, { services: [flaky.service], resilience: resilient(clock) });
	const result = await client(broker, FlakyContract).write({ id: "w" }, { idempotencyKey: "order-1" });
	t.equal(result.attempt, 3);
	t.equal(flaky.state.attempts, 3, "retryable failures are not recorded as the key's outcome");
	t.same(
		await client(broker, FlakyContract).write({ id: "w" }, { idempotencyKey: "order-1" }),
		result,
		"a repeat gets the recorded outcome"
	);
	t.equal(flaky.state.attempts, 3);
});

t.test("a bad idempotency key is a clear error", async t => {
	const broker = await startTestBroker(t, { services: [createFlaky({ failures: 0 }).service] });
	const err = await rejectionOf(client(broker, FlakyContract).write({ id: "w" }, { idempotencyKey: "" }));
	t.equal(err.code, "BAD_REQUEST");
	t.same(err.data, { field: "idempotencyKey" });
});

t.test("retries are counted in Moleculer's metrics", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const flaky = createFlaky({ failures: 2 });
	const broker = createBroker({ services: [flaky.service], metrics: true, logLevel: "warn", resilience: resilient(clock) });
	await broker.start();
	t.teardown(() => broker.stop());
	await client(broker, FlakyContract).read({ id: "m" });
	const retries = broker.metrics.getMetric(METRICS.retries)?.get({ action: "v1.flaky.read" });
	t.equal(retries?.value, 2);
});

t.test("retries never extend the deadline", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const dead = createFlaky({ failures: Number.POSITIVE_INFINITY });
	// Backoff ceilings 100, 200, 400 ms against a 250 ms deadline: at most the retries that fit.
	const broker = await startTestBroker(t, {
		services: [dead.service],
		resilience: resilient(clock, { retry: { maxAttempts: 10, baseMs: 100, capMs: 1000 }, retryBudget: { minRetries: 100 } })
	});
	const err = await rejectionOf(client(broker, FlakyContract).read({ id: "d" }, { timeout: 250 }));
	t.ok(["SERVICE_UNAVAILABLE", "DEADLINE_EXCEEDED"].includes(err.code), err.code);
	t.ok(clock.now() < 250, `gave up at t=${clock.now()} ms, before the deadline`);
	t.equal(
		clock.sleeps.reduce((a, b) => a + b, 0),
		clock.now(),
		"all elapsed time was backoff"
	);
	t.ok(dead.state.attempts < 10, `${dead.state.attempts} attempts: the rest would have ended past the deadline`);
	t.equal(dead.state.attempts, clock.sleeps.length + 1);
});

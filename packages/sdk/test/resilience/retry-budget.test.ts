import t from "tap";
import { client, createBroker, METRICS, RESILIENCE_DEFAULTS } from "../../src/index.js";
import { RetryBudget } from "../../src/resilience/retry-budget.js";
import { ManualClock, seededRandom, startTestBroker } from "../../src/testing/index.js";
import { FlakyContract, createFlaky } from "../support/flaky.js";

t.test("a dead dependency under 1,000 requests sees at most 1.2x + the minimum", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const dead = createFlaky({ failures: Number.POSITIVE_INFINITY });
	const broker = await startTestBroker(t, {
		services: [dead.service],
		// The breaker would shed this load too; off, so the budget alone is measured.
		resilience: { clock, random: seededRandom(1), circuitBreaker: { enabled: false }, retry: { maxAttempts: 5 } }
	});
	const flaky = client(broker, FlakyContract);
	const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => flaky.read({ id: String(i) })));
	t.equal(results.filter(r => r.status === "rejected").length, 1000, "every call failed");
	const { ratio, minRetries } = RESILIENCE_DEFAULTS.retryBudget;
	const limit = 1000 * (1 + ratio) + minRetries;
	t.ok(dead.state.attempts <= limit, `${dead.state.attempts} attempts ≤ ${limit} (without a budget: 5,000)`);
	t.ok(dead.state.attempts > 1000, "some retries were still made");
});

t.test("budget exhaustion is counted in the metrics", async t => {
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const dead = createFlaky({ failures: Number.POSITIVE_INFINITY });
	const broker = createBroker({
		services: [dead.service],
		metrics: true,
		logLevel: "warn",
		resilience: { clock, random: seededRandom(1), circuitBreaker: { enabled: false }, retryBudget: { minRetries: 0, ratio: 0.1 } }
	});
	await broker.start();
	t.teardown(() => broker.stop());
	await Promise.allSettled(Array.from({ length: 100 }, () => client(broker, FlakyContract).read({ id: "x" })));
	const exhausted = broker.metrics.getMetric(METRICS.budgetExhausted)?.get({ service: "v1.flaky" })?.value ?? 0;
	t.equal(dead.state.attempts, 110, "100 requests + 10% retries");
	t.equal(exhausted, 100, "refused: 90 first retries, and the second retry of the 10 that got one");
});

t.test("the budget follows recent traffic: old requests leave the window", async t => {
	const clock = new ManualClock();
	const budget = new RetryBudget({ ratio: 0.5, minRetries: 1, windowMs: 1000 }, clock);
	for (let i = 0; i < 10; i++) budget.recordRequest();
	const granted = Array.from({ length: 10 }, () => budget.tryRetry()).filter(Boolean).length;
	t.equal(granted, 5, "50% of 10 requests");
	clock.advance(1000);
	t.equal(budget.tryRetry(), true, "a new window allows the minimum again");
	t.equal(budget.tryRetry(), false, "and no more without new requests");
});

t.test(
	"with the defaults (circuit breaker on) the breaker sheds most of the load: about one attempt per request, the rest CIRCUIT_OPEN",
	async t => {
		const clock = new ManualClock({ autoAdvanceSleeps: true });
		const dead = createFlaky({ failures: Number.POSITIVE_INFINITY });
		const broker = await startTestBroker(t, {
			services: [dead.service],
			resilience: { clock, random: seededRandom(1), retry: { maxAttempts: 5 } }
		});
		const flaky = client(broker, FlakyContract);
		const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => flaky.read({ id: String(i) })));
		const codes = new Map<string, number>();
		for (const result of results) {
			const code = result.status === "rejected" ? String((result.reason as { code?: string }).code) : "ok";
			codes.set(code, (codes.get(code) ?? 0) + 1);
		}
		t.comment(`attempts ${dead.state.attempts}; outcomes ${JSON.stringify(Object.fromEntries(codes))}`);
		t.equal(codes.get("ok"), undefined, "every call failed");
		// Once open, the circuit refuses retries locally: the dependency sees the first attempts and hardly more.
		t.ok(
			dead.state.attempts <= 1000 + RESILIENCE_DEFAULTS.retryBudget.minRetries,
			`${dead.state.attempts} attempts reach the dependency`
		);
		t.ok((codes.get("CIRCUIT_OPEN") ?? 0) > 0, "some calls failed fast with CIRCUIT_OPEN");
	}
);

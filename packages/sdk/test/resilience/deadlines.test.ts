import { EventEmitter, once } from "node:events";
import t from "tap";
import { z } from "zod";
import { client, createBroker, defineContract, defineService, METRICS } from "../../src/index.js";
import { ManualClock, startTestBroker } from "../../src/testing/index.js";
import { rejectionOf } from "../support/failures.js";

const Downstream = defineContract({
	name: "downstream",
	version: 1,
	actions: { work: { params: z.object({ step: z.number() }), returns: z.object({ budgetMs: z.number() }), idempotent: true } }
});

const Upstream = defineContract({
	name: "upstream",
	version: 1,
	actions: { run: { params: z.object({}), returns: z.object({ budgets: z.array(z.number()) }), idempotent: true, timeout: 300 } }
});

/**
 * upstream.run calls downstream.work three times, waiting on the test between
 * calls; downstream records the budget each call arrived with. The test moves
 * the manual clock between steps.
 */
function scenario(clock: ManualClock) {
	const steps = new EventEmitter();
	const downstreamStarts: number[] = [];
	const downstream = defineService(Downstream, {
		actions: {
			work(ctx) {
				downstreamStarts.push(clock.now());
				return { budgetMs: (ctx.headers as Record<string, number>)["x-backbeat-budget-ms"] ?? -1 };
			}
		}
	});
	const upstream = defineService(Upstream, {
		actions: {
			async run(ctx) {
				const budgets: number[] = [];
				for (let step = 0; step < 3; step++) {
					steps.emit("waiting", step);
					await once(steps, "go");
					try {
						budgets.push((await client(ctx, Downstream).work({ step })).budgetMs);
					} catch (err) {
						steps.emit("nested-failed", err);
						throw err;
					}
				}
				return { budgets };
			}
		}
	});
	return { steps, downstreamStarts, services: [downstream, upstream] };
}

t.test("a slow dependency: the deadline expires at the right moment and nested calls see a shrinking budget", async t => {
	const clock = new ManualClock();
	const run = scenario(clock);
	const broker = await startTestBroker(t, { services: run.services, resilience: { clock, circuitBreaker: { enabled: false } } });
	const waiting = once(run.steps, "waiting");
	const call = client(broker, Upstream).run({});
	const outcome = rejectionOf(call);

	await waiting;
	clock.advance(100);
	let next = once(run.steps, "waiting");
	run.steps.emit("go");
	await next;
	clock.advance(150);
	next = once(run.steps, "waiting");
	run.steps.emit("go");
	await next;
	t.same(run.downstreamStarts, [100, 250], "two nested calls ran, at t=100 and t=250");

	clock.advance(49);
	t.equal(clock.pending > 0, true, "the deadline timer has not fired at t=299");
	clock.advance(1);
	const err = await outcome;
	t.equal(err.code, "DEADLINE_EXCEEDED", "expired at t=300, the contract's timeout");
	t.match(err.data, { action: "v1.upstream.run", budgetMs: 300 });

	// The handler carries on after its caller gave up; its next downstream call must not start.
	const nestedFailure = once(run.steps, "nested-failed");
	run.steps.emit("go");
	const [nestedErr] = (await nestedFailure) as [{ code: string }];
	t.equal(nestedErr.code, "DEADLINE_EXCEEDED");
	t.same(run.downstreamStarts, [100, 250], "nothing downstream started after expiry");
});

t.test("nested budgets: each downstream call gets what is left of the caller's deadline", async t => {
	const clock = new ManualClock();
	const run = scenario(clock);
	const broker = await startTestBroker(t, { services: run.services, resilience: { clock, circuitBreaker: { enabled: false } } });
	const waiting = once(run.steps, "waiting");
	const call = client(broker, Upstream).run({}, { timeout: 1000 });
	await waiting;
	for (const advance of [100, 200, 300]) {
		clock.advance(advance);
		const next = once(run.steps, "waiting");
		run.steps.emit("go");
		if (advance !== 300) await next;
	}
	t.same((await call).budgets, [900, 700, 400], "1000 − 100, − 300, − 600");
});

t.test("a call option shortens the deadline; the broker default applies without one", async t => {
	const clock = new ManualClock();
	const Slow = defineContract({ name: "slow", version: 1, actions: { wait: { params: z.object({}), returns: z.object({}) } } });
	const started = new EventEmitter();
	const slow = defineService(Slow, {
		actions: {
			async wait() {
				started.emit("started");
				await new Promise(() => undefined);
				return {};
			}
		}
	});
	const broker = await startTestBroker(t, {
		services: [slow],
		requestTimeout: 5000,
		resilience: { clock, circuitBreaker: { enabled: false } }
	});
	const defaultCall = rejectionOf(client(broker, Slow).wait({}));
	const shortCall = rejectionOf(client(broker, Slow).wait({}, { timeout: 20 }));
	clock.advance(20);
	t.match(await shortCall, { code: "DEADLINE_EXCEEDED", data: { budgetMs: 20 } });
	clock.advance(4979);
	t.equal(clock.pending, 1, "the default-deadline call is still waiting at t=4999");
	clock.advance(1);
	t.match(await defaultCall, { code: "DEADLINE_EXCEEDED", data: { budgetMs: 5000 } });
});

t.test("expired deadlines are counted in the metrics", async t => {
	const clock = new ManualClock();
	const Hang = defineContract({
		name: "hang",
		version: 1,
		actions: { wait: { params: z.object({}), returns: z.object({}), timeout: 50 } }
	});
	const hang = defineService(Hang, { actions: { wait: () => new Promise<Record<string, never>>(() => undefined) } });
	const broker = createBroker({ services: [hang], metrics: true, logLevel: "warn", resilience: { clock } });
	await broker.start();
	t.teardown(() => broker.stop());
	const calls = [rejectionOf(client(broker, Hang).wait({})), rejectionOf(client(broker, Hang).wait({}))];
	clock.advance(50);
	for (const call of calls) t.equal((await call).code, "DEADLINE_EXCEEDED");
	t.equal(broker.metrics.getMetric(METRICS.deadlineExceeded)?.get({ action: "v1.hang.wait" })?.value, 2);
});

import t from "tap";
import { runLoad } from "../src/runner/load.js";
import { buildReport, toMarkdown, toSvg } from "../src/runner/report.js";
import { bestOf, percentile, ratio, summarizeLatencies } from "../src/runner/stats.js";
import type { Suite } from "../src/runner/suite.js";

t.test("percentile: nearest rank", async t => {
	const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	t.equal(percentile(values, 50), 5);
	t.equal(percentile(values, 90), 9);
	t.equal(percentile(values, 99), 10);
	t.equal(percentile(values, 100), 10);
	t.equal(percentile(values, 0), 1);
	t.equal(percentile(Float64Array.from([7]), 99), 7);
	t.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
	const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);
	t.equal(percentile(hundred, 99), 99);
	t.equal(percentile(hundred, 99.5), 100);
});

t.test("summarizeLatencies sorts a copy and reports p50, p99 and max", async t => {
	const latencies = Float64Array.from([9, 1, 5, 3, 7, 2, 8, 4, 6, 10]);
	t.same(summarizeLatencies(latencies), { p50Ms: 5, p99Ms: 10, maxMs: 10 });
	t.equal(latencies[0], 9, "the input is left as it was");
});

t.test("ratio and bestOf", async t => {
	t.equal(ratio(50, 100), 0.5);
	t.ok(Number.isNaN(ratio(50, 0)));
	t.ok(Number.isNaN(ratio(50, undefined)));
	t.same(bestOf([{ opsPerSec: 3 }, { opsPerSec: 9 }, { opsPerSec: 5 }]), { opsPerSec: 9 });
	t.throws(() => bestOf([]));
});

const suite: Suite = { name: "demo", description: "A demo.", servers: [], unit: "calls/s", run: async () => undefined };
const environment = { date: "2026-11-28T00:00:00.000Z", node: "v20", moleculer: "0.15.2", cpu: "cpu", cores: 2, memoryGiB: 24 };

t.test("a report computes each row's ratio against its group's baseline and keeps groups together", async t => {
	const report = buildReport(suite, false, environment, [
		{ group: "a", variant: "raw", baseline: true, opsPerSec: 200 },
		{ group: "b", variant: "raw", baseline: true, opsPerSec: 10 },
		{ group: "a", variant: "framework", opsPerSec: 150, p50Ms: 1, p99Ms: 2 },
		{ group: "c", variant: "alone", opsPerSec: 5 }
	]);
	t.same(
		report.rows.map(r => [r.group, r.variant]),
		[
			["a", "raw"],
			["a", "framework"],
			["b", "raw"],
			["c", "alone"]
		]
	);
	t.same(
		report.rows.map(r => r.ratio),
		[1, 0.75, 1, Number.NaN]
	);
	const markdown = toMarkdown(report);
	t.match(markdown, /\| a \| raw \* \| 200 \| 1\.00 \|/);
	t.match(markdown, /\| a \| framework \| 150 \| 0\.75 \| 1\.00 \| 2\.00 \|/);
	t.match(markdown, /Node v20 · moleculer 0\.15\.2/);
	t.notMatch(markdown, /^- /m, "no notes, no list under the table");
	const withNotes = toMarkdown(
		buildReport(suite, false, environment, [{ group: "a", variant: "raw", baseline: true, opsPerSec: 1 }], ["target met"])
	);
	t.match(withNotes, /\| a \| raw \* \| 1 \| 1\.00 \|.*\n\n- target met\n$/s, "notes are listed under the table");
	const svg = toSvg(report);
	t.equal(svg.match(/<rect /g)?.length, 4, "one bar per row");
	t.match(svg, /\(0\.75×\)/);
});

t.test("runLoad keeps exactly inFlight calls in flight and counts them", async t => {
	let active = 0;
	let peak = 0;
	let completed = 0;
	const call = async () => {
		active++;
		peak = Math.max(peak, active);
		await new Promise(resolve => setImmediate(resolve));
		active--;
		completed++;
	};
	const result = await runLoad(call, { inFlight: 8, durationMs: 100, warmupMs: 20 });
	t.equal(peak, 8);
	t.ok(result.calls > 0 && result.calls <= completed, `${result.calls} measured of ${completed} made`);
	t.ok(result.opsPerSec > 0);
	t.ok(result.p50Ms <= result.p99Ms && result.p99Ms <= result.maxMs);
	t.equal(result.errors, 0);
});

t.test("runLoad counts errors during the measurement and gives up after 100", async t => {
	let calls = 0;
	const failsThreeTimes = async () => {
		calls++;
		if (calls === 2 || calls === 4 || calls === 6) throw new Error("boom");
	};
	const result = await runLoad(failsThreeTimes, { inFlight: 1, durationMs: 20, warmupMs: 0 });
	t.equal(result.errors, 3);
	t.equal(result.calls, calls - 3, "failed calls are not counted as completed");
	await t.rejects(
		runLoad(async () => Promise.reject(new Error("always")), { inFlight: 2, durationMs: 10_000, warmupMs: 0 }),
		/always/
	);
});

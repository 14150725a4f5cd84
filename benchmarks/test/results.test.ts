import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { buildReport } from "../src/runner/report.js";
import { updateReadme, writeResults } from "../src/runner/results.js";
import type { Suite } from "../src/runner/suite.js";

const suite: Suite = { name: "demo", description: "A demo.", servers: [], unit: "calls/s", run: async () => undefined };
const environment = { date: "2026-11-28T10:20:30.400Z", node: "v20", moleculer: "0.15.2", cpu: "cpu", cores: 2, memoryGiB: 24 };

t.test("results: one file per run, the latest per suite, and the README section rewritten between its markers", async t => {
	const dir = mkdtempSync(join(tmpdir(), "bench-results-"));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	const report = buildReport(suite, false, environment, [{ group: "g", variant: "raw", baseline: true, opsPerSec: 10 }]);
	const files = writeResults(join(dir, "results"), report).map(f => f.slice(dir.length + 1));
	t.same(files.sort(), [
		"results/latest/demo.json",
		"results/latest/demo.md",
		"results/latest/demo.svg",
		"results/runs/2026-11-28T10-20-30-400Z-demo.json",
		"results/runs/2026-11-28T10-20-30-400Z-demo.md"
	]);
	t.same(JSON.parse(readFileSync(join(dir, "results/latest/demo.json"), "utf8")).rows[0].ratio, 1);

	const readme = join(dir, "README.md");
	writeFileSync(readme, "# Title\n\n<!-- benchmarks:start -->\nold table\n<!-- benchmarks:end -->\n\n## After\n");
	updateReadme(readme, join(dir, "results"), "benchmarks/results");
	const updated = readFileSync(readme, "utf8");
	t.notMatch(updated, /old table/);
	t.match(updated, /### demo\n/);
	t.match(updated, /!\[demo\]\(benchmarks\/results\/latest\/demo\.svg\)/);
	t.match(updated, /<!-- benchmarks:end -->\n\n## After\n$/, "what follows the section is kept");

	writeFileSync(readme, "# No markers\n");
	t.throws(() => updateReadme(readme, join(dir, "results"), "x"), /no <!-- benchmarks:start -->/);
});

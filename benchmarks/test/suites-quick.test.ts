import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { skipUnlessServer } from "@backbeat/sdk/testing";
import t from "tap";

// Every suite's quick run, one after another: a few minutes on a quiet machine; 9.6 minutes
// at a load average of 12 on 2 cores (2026-12-02), so the budget leaves room above that.
t.setTimeout(900_000);

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(benchDir, "dist", "cli.js");
const run = (args: string[], env: Record<string, string> = {}) =>
	promisify(execFile)(process.execPath, [cli, ...args], {
		env: { ...process.env, ...env },
		timeout: 170_000,
		maxBuffer: 16 * 1024 * 1024
	}).then(
		ok => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
		(err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr })
	);

interface ReportFile {
	quick: boolean;
	rows: Array<{ group: string; variant: string; baseline?: boolean; opsPerSec: number; ratio: number }>;
}

const needs: Record<string, Array<"nats" | "redis" | "amqp" | "mqtt" | "postgres">> = {
	transports: ["nats", "redis", "amqp", "mqtt"],
	serializers: ["nats"],
	"sdk-overhead": ["nats"],
	outbox: ["postgres", "nats", "redis"],
	tracing: ["nats"],
	gateway: [],
	// PostgreSQL is optional: without it the suite measures SQLite and notes the skip.
	crud: []
};

for (const [suite, servers] of Object.entries(needs)) {
	let skip: string | false = false;
	for (const server of servers) skip ||= await skipUnlessServer(server);
	t.test(`${suite} --quick runs every case and writes its results`, { skip }, async t => {
		const out = mkdtempSync(join(tmpdir(), "bench-"));
		t.teardown(() => rmSync(out, { recursive: true, force: true }));
		const result = await run([suite, "--quick", "--out", out]);
		t.equal(result.code, 0, result.stdout + result.stderr);
		t.match(result.stdout, new RegExp(`\\[${suite}\\s+1\\s+\\d+s\\]`), "progress lines");
		const report = JSON.parse(readFileSync(join(out, "latest", `${suite}.json`), "utf8")) as ReportFile;
		t.equal(report.quick, true);
		t.ok(report.rows.length > 0);
		t.ok(
			report.rows.every(row => row.opsPerSec > 0),
			"every case made progress"
		);
		const groupsWithBaseline = new Set(report.rows.filter(r => r.baseline).map(r => r.group));
		t.ok(
			report.rows.filter(r => groupsWithBaseline.has(r.group)).every(r => Number.isFinite(r.ratio)),
			"ratios where a baseline exists"
		);
		t.match(readFileSync(join(out, "latest", `${suite}.md`), "utf8"), /\| group \| variant \|/);
		t.match(readFileSync(join(out, "latest", `${suite}.svg`), "utf8"), /^<svg /);
	});
}

t.test("a suite whose server is down stops with a message naming it", async t => {
	const out = mkdtempSync(join(tmpdir(), "bench-"));
	t.teardown(() => rmSync(out, { recursive: true, force: true }));
	const result = await run(["sdk-overhead", "--quick", "--out", out], { BACKBEAT_TEST_NATS_URL: "nats://127.0.0.1:1" });
	t.equal(result.code, 1);
	t.match(result.stdout, /\[sdk-overhead\] stopped: nats server not reachable at 127\.0\.0\.1:1/);
});

t.test("unknown suites and options are usage errors", async t => {
	const suite = await run(["warp-drive"]);
	t.equal(suite.code, 2);
	t.match(suite.stderr, /unknown suite 'warp-drive'/);
	const option = await run(["--fast"]);
	t.equal(option.code, 2);
	t.match(option.stderr, /unknown option '--fast'/);
	const help = await run(["--help"]);
	t.equal(help.code, 0);
	t.match(help.stdout, /transports\s+Echo calls/);
});

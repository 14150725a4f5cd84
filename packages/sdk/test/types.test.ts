import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";

const sdkDir = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(sdkDir, "..", "..", "node_modules", "typescript", "bin", "tsc");

function typecheck(project: string): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
	return { status: run.status, output: run.stdout + run.stderr };
}

t.test("type-level contract tests compile (every @ts-expect-error sees its error)", async t => {
	const { status, output } = typecheck(join(sdkDir, "test-d"));
	t.equal(status, 0, output);
});

t.test("the SDK's sources and tests type-check under the strict base config", async t => {
	const { status, output } = typecheck(sdkDir);
	t.equal(status, 0, output);
});

t.test("the type tests can fail: removing one expectation breaks the build", async t => {
	// A copy beside the original, so relative imports of ../src still resolve.
	const copy = mkdtempSync(join(sdkDir, "test-d-mutant-"));
	t.teardown(() => rmSync(copy, { recursive: true, force: true }));
	cpSync(join(sdkDir, "test-d"), copy, { recursive: true });
	// One expectation per file, removed in one copy: each tsc run of the project takes half a minute.
	for (const [file, expectation] of [
		["contract.test-d.ts", "wrong param type"],
		["http-client.test-d.ts", "an unbound action is not on the HTTP client"]
	] as const) {
		const source = readFileSync(join(copy, file), "utf8");
		const mutated = source.replace(`// @ts-expect-error ${expectation}`, "// (expectation removed)");
		t.not(mutated, source, `the expectation to remove exists in ${file}`);
		writeFileSync(join(copy, file), mutated);
	}
	const { status, output } = typecheck(copy);
	t.not(status, 0);
	t.match(output, /contract\.test-d\.ts.*not assignable to type 'string'/);
	t.match(
		output,
		/http-client\.test-d\.ts.*Property 'reindex' does not exist on type 'HttpClient</,
		"an unbound action would be callable"
	);
});

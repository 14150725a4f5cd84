// Each tsc run of the SDK takes up to a minute on a loaded machine: one run per test file keeps each under tap's timeout.
import { join } from "node:path";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import t from "tap";
import { sdkDir, typecheck } from "./support/typecheck.js";

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

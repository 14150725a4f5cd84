// Each tsc run of the SDK takes up to a minute on a loaded machine: one run per test file keeps each under tap's timeout.
import { join } from "node:path";
import t from "tap";
import { sdkDir, typecheck } from "./support/typecheck.js";

t.test("type-level contract tests compile (every @ts-expect-error sees its error)", async t => {
	const { status, output } = typecheck(join(sdkDir, "test-d"));
	t.equal(status, 0, output);
});

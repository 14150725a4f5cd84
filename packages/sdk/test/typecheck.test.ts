// Each tsc run of the SDK takes up to a minute on a loaded machine: one run per test file keeps each under tap's timeout.
import t from "tap";
import { sdkDir, typecheck } from "./support/typecheck.js";

t.test("the SDK's sources and tests type-check under the strict base config", async t => {
	const { status, output } = typecheck(sdkDir);
	t.equal(status, 0, output);
});

import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";

const bin = join(dirname(dirname(fileURLToPath(import.meta.url))), "dist", "main.js");
const backbeat = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

t.test("--version prints the package version", async t => {
	const run = backbeat("--version");
	t.equal(run.status, 0);
	t.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
});

t.test("--help prints usage and exits 0; no arguments prints it and exits 2", async t => {
	const run = backbeat("--help");
	t.equal(run.status, 0);
	t.match(run.stdout, /Usage: backbeat <command>/);
	t.equal(backbeat().status, 2);
});

t.test("an unknown command is a clear error with exit code 2", async t => {
	const run = backbeat("frobnicate");
	t.equal(run.status, 2);
	t.match(run.stderr, /unknown command 'frobnicate'/);
	t.equal(run.stdout, "");
});

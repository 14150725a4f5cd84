import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import t from "tap";
import { bin, repoRoot } from "./support/cli.js";

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

t.test("every command and subcommand answers --help (and -h) with its usage, exit 0", async t => {
	const helps: Array<[string[], RegExp]> = [
		[["new"], /backbeat new project <dir> \[options\]/],
		[["new", "project"], /Usage: backbeat new project <dir> .*--no-example.*--yes/],
		[["new", "service"], /Usage: backbeat new service <name> .*--action <name>/],
		[["add"], /backbeat add action <service> <name>/],
		[["add", "action"], /backbeat add action <service> <name>/],
		[["add", "event"], /backbeat add event <service> <name>/],
		[["dev"], /Usage: backbeat dev/],
		[["start"], /Usage: backbeat start/],
		[["call"], /Usage: backbeat call <service\.action>/],
		[["emit"], /Usage: backbeat emit <service\.event>/],
		[["dead-letters"], /backbeat dead-letters list \[--service s\] \[--group g\] \[--limit n\]/],
		[["dead-letters", "list"], /backbeat dead-letters replay \(--id <eventId> \| --all\)/],
		[["dead-letters", "replay"], /backbeat dead-letters replay \(--id <eventId> \| --all\)/]
	];
	for (const [command, usage] of helps) {
		for (const flag of ["--help", "-h"]) {
			const run = backbeat(...command, flag);
			t.equal(run.status, 0, `${command.join(" ")} ${flag}`);
			t.match(run.stdout, usage, `${command.join(" ")} ${flag}`);
		}
	}
	t.match(backbeat("--help").stdout, /\n {2}add {12}add an action or event to a service/, "the top-level help lists add");
});

t.test("an unknown subcommand is a clear error with exit code 2", async t => {
	for (const [args, message] of [
		[["new", "widget"], /unknown kind 'widget': expected 'project' or 'service'/],
		[["add", "widget"], /unknown kind 'widget': expected 'action' or 'event'/],
		[["dead-letters", "purge"], /unknown subcommand 'purge': expected 'list' or 'replay'/]
	] as const) {
		const run = backbeat(...args);
		t.equal(run.status, 2, args.join(" "));
		t.match(run.stderr, message);
	}
	t.equal(backbeat("add").status, 2, "add alone prints its usage and exits 2");
	t.equal(backbeat("dead-letters").status, 2, "dead-letters alone prints its usage and exits 2");
});

t.test("from a clone of the repository, `npx backbeat` runs the workspace's built CLI", async t => {
	const run = spawnSync("npm", ["exec", "--offline", "--no", "--", "backbeat", "--version"], { cwd: repoRoot, encoding: "utf8" });
	t.equal(run.status, 0, run.stderr);
	t.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
});

t.test("the committed command says what to do when the CLI is not built yet", async t => {
	const copy = mkdtempSync(join(tmpdir(), "backbeat-unbuilt-"));
	t.teardown(() => rmSync(copy, { recursive: true, force: true }));
	mkdirSync(join(copy, "bin"));
	copyFileSync(join(dirname(bin), "..", "bin", "backbeat.js"), join(copy, "bin", "backbeat.js"));
	writeFileSync(join(copy, "package.json"), '{ "type": "module" }');
	const run = spawnSync(process.execPath, [join(copy, "bin", "backbeat.js"), "--help"], { encoding: "utf8" });
	t.equal(run.status, 1);
	t.match(run.stderr, /not built yet; run `npm run build`/);
});

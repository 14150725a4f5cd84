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

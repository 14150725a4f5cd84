import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { backbeat, contentsUnder, tempDir } from "./support/cli.js";

t.test("add action|event refuse what they can't do cleanly, and write nothing then", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const root = join(cwd, "app");
	const before = contentsUnder(root);
	const cases: Array<[string[], number, RegExp]> = [
		[["add", "action", "nope", "doIt"], 2, /no service 'nope' in .*app \(known: greeter\)/],
		[["add", "action", "greeter", "Do-It"], 2, /'Do-It' is not a valid action name: use camelCase/],
		[["add", "event", "greeter", "x"], 2, /'x' must be 2 to 40 characters/],
		[["add", "action", "Greeter", "doIt"], 2, /'Greeter' is not a valid service name/],
		[["add", "action", "greeter"], 2, /missing the action name: backbeat add action greeter <name>/],
		[["add", "event"], 2, /missing the service: backbeat add event <service> <name>/],
		[
			["add", "action", "greeter", "hello"],
			1,
			/greeter already has an action 'hello' \(src\/services\/greeter\/contract\.ts\); nothing was written/
		],
		[["add", "widget", "greeter", "x"], 2, /unknown kind 'widget': expected 'action' or 'event'/],
		[["add", "action", "greeter", "doIt", "extra"], 2, /unexpected argument 'extra'/],
		[["add", "action", "greeter", "doIt", "--force"], 2, /unknown option '--force'/],
		[["add"], 2, /^$/]
	];
	for (const [args, status, message] of cases) {
		const run = backbeat(root, ...args);
		t.equal(run.status, status, args.join(" "));
		t.match(run.stderr, message, args.join(" "));
	}
	t.equal(backbeat(cwd, "add", "action", "greeter", "doIt").status, 1, "outside a project");
	t.same(contentsUnder(root), before, "none of them wrote anything");

	t.equal(backbeat(root, "add", "event", "greeter", "greeted").status, 0);
	const again = backbeat(root, "add", "event", "greeter", "greeted");
	t.equal(again.status, 1);
	t.match(again.stderr, /greeter already has an event 'greeted'/);
});

t.test("--dry-run prints each edit as a diff and writes nothing", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const root = join(cwd, "app");
	const before = contentsUnder(root);
	const dry = backbeat(root, "add", "action", "greeter", "wave", "--dry-run");
	t.equal(dry.status, 0, dry.stderr);
	t.match(dry.stdout, /^would edit {3}src\/services\/greeter\/contract\.ts \(add action wave\)\n/);
	t.match(dry.stdout, /would edit {3}src\/services\/greeter\/service\.ts \(add a stub handler for wave\)\n/);
	t.match(dry.stdout, /would edit {3}test\/greeter\.test\.ts \(add a failing test for wave\)\n/);
	t.match(
		dry.stdout,
		/\| - import \{ defineService, on \} from "@backbeat\/sdk";\n {4}\| \+ import \{ BackbeatError, defineService, on \} from "@backbeat\/sdk";/
	);
	t.notMatch(dry.stdout, /^would create/m);
	t.same(contentsUnder(root), before);
});

t.test("a service whose markers were removed is refused with where to look, and nothing is written", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const root = join(cwd, "app");
	const service = join(root, "src/services/greeter/service.ts");
	writeFileSync(service, readFileSync(service, "utf8").replace("\t\t// backbeat: actions end\n", ""));
	const before = contentsUnder(root);
	const run = backbeat(root, "add", "action", "greeter", "wave");
	t.equal(run.status, 1);
	t.match(run.stderr, /src\/services\/greeter\/service\.ts has no '\/\/ backbeat: actions end' line/);
	t.same(contentsUnder(root), before, "the contract was not edited either");

	rmSync(join(root, "test/greeter.test.ts"));
	const noTest = backbeat(root, "add", "event", "greeter", "waved");
	t.equal(noTest.status, 1);
	t.match(noTest.stderr, /cannot edit test\/greeter\.test\.ts: it does not exist/);
});

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import t from "tap";
import { clackPrompter } from "../dist/prompts/clack-prompter.js";
import { runCli } from "../dist/run-cli.js";
import type { Prompter } from "../dist/prompts/prompter.js";
import { backbeat, contentsUnder, tempDir } from "./support/cli.js";
import { CANCEL, neverAsk, ScriptedPrompter } from "./support/scripted-prompter.js";

/** Runs the CLI in this process with a prompter, as main.ts does on a terminal. */
async function cli(prompter: Prompter | undefined, ...args: string[]) {
	let out = "";
	let err = "";
	const code = await runCli(args, { out: text => (out += text), err: text => (err += text), ...(prompter ? { prompter } : {}) });
	return { code, out, err };
}

t.test("new project asks for the directory, the first service and its contents, refusing bad answers", async t => {
	const cwd = tempDir(t);
	const prompter = new ScriptedPrompter({
		dir: ["Bad_Dir", join(cwd, "shop")],
		service: "orders",
		example: false,
		db: true,
		action: true,
		"action-name": ["add-item", "addItem"],
		event: false
	});
	const run = await cli(prompter, "new", "project", "--sdk", "^0.1.0");
	t.equal(run.code, 0, run.err);
	t.same(prompter.asked, ["dir", "dir", "service", "example", "db", "action", "action-name", "action-name", "event"]);
	t.match(prompter.refusals, [/'Bad_Dir' is not a valid project name/, /'add-item' is not a valid action name: use camelCase/]);
	const root = join(cwd, "shop");
	const contract = readFileSync(join(root, "src/services/orders/contract.ts"), "utf8");
	t.match(contract, /addItem: \{/);
	t.notMatch(contract, /hello/, "the example was declined");
	t.match(contract, /create: \{/, "the database was accepted: its example actions");
	t.ok(existsSync(join(root, "src/services/orders/database.ts")));
	t.match(readFileSync(join(root, "package.json"), "utf8"), /"better-sqlite3": "\^12\.0\.0",\n\s+"pg": "\^8\.0\.0",/, "with its drivers");
	t.match(readFileSync(join(root, "test/orders.test.ts"), "utf8"), /test\("orders\.addItem \(a stub/);
	t.match(run.out, /The tests of addItem fail until you write its handler/);
});

t.test("an empty answer takes the default; flags given are not asked again", async t => {
	const cwd = tempDir(t);
	const prompter = new ScriptedPrompter({ service: "", example: true, db: false, event: true, "event-name": "greeted" });
	const run = await cli(prompter, "new", "project", join(cwd, "app"), "--action", "sendCard", "--dry-run");
	t.equal(run.code, 0, run.err);
	t.same(prompter.asked, ["service", "example", "db", "event", "event-name"]);
	t.notMatch(run.out, /database\.ts/, "no database when declined");
	t.match(run.out, /would create src\/services\/greeter\/contract\.ts/, "the default service name");
	t.match(run.out, /sendCard: \{/);
	t.match(run.out, /greeted: \{/);
	t.notOk(existsSync(join(cwd, "app")));
});

t.test("new service asks for the name when it is missing", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const prompter = new ScriptedPrompter({ name: ["x", "search"], example: true, db: false, action: false, event: false });
	const run = await cli(prompter, "new", "service", "--dir", join(cwd, "app"));
	t.equal(run.code, 0, run.err);
	t.same(prompter.asked, ["name", "name", "example", "db", "action", "event"]);
	t.match(prompter.refusals, [/'x' must be 2 to 40 characters/]);
	t.ok(existsSync(join(cwd, "app/src/services/search/service.ts")));
});

t.test("cancelling a prompt exits 130 and writes nothing", async t => {
	const cwd = tempDir(t);
	const project = await cli(new ScriptedPrompter({ dir: join(cwd, "shop"), service: "orders", example: CANCEL }), "new", "project");
	t.equal(project.code, 130);
	t.match(project.err, /cancelled; nothing was written/);
	t.same(readdirSync(cwd), []);

	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const before = contentsUnder(join(cwd, "app"));
	const service = await cli(
		new ScriptedPrompter({ name: "search", example: true, db: true, action: true, "action-name": CANCEL }),
		"new",
		"service",
		"--dir",
		join(cwd, "app")
	);
	t.equal(service.code, 130);
	t.same(contentsUnder(join(cwd, "app")), before, "the project is unchanged");
});

t.test("--db is not asked again when given", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0").status, 0);
	const prompter = new ScriptedPrompter({ example: false, action: false, event: false });
	const run = await cli(prompter, "new", "service", "ledger", "--db", "--dir", join(cwd, "app"));
	t.equal(run.code, 0, run.err);
	t.same(prompter.asked, ["example", "action", "event"]);
	t.ok(existsSync(join(cwd, "app/src/services/ledger/database.ts")));
	t.match(run.out, /Next: npm install \(for the database drivers\)/);
});

t.test("--yes never asks: defaults, and a usage error naming what is missing", async t => {
	const cwd = tempDir(t);
	const missing = await cli(neverAsk, "new", "project", "--yes");
	t.equal(missing.code, 2);
	t.match(missing.err, /new project needs a directory: backbeat new project <dir> \(or run it on a terminal without --yes to be asked\)/);
	const made = await cli(neverAsk, "new", "project", join(cwd, "app"), "--yes", "--sdk", "^0.1.0");
	t.equal(made.code, 0, made.err);
	t.match(readFileSync(join(cwd, "app/src/services/greeter/contract.ts"), "utf8"), /hello: \{/, "the defaults: greeter with the example");
	const service = await cli(neverAsk, "new", "service", "--yes", "--dir", join(cwd, "app"));
	t.equal(service.code, 2);
	t.match(service.err, /missing the service name: backbeat new service <name>/);
});

t.test("without a terminal it never prompts: defaults or a usage error, never a hang", async t => {
	const cwd = tempDir(t);
	// backbeat() pipes stdin, so main.ts gives the commands no prompter.
	const project = backbeat(cwd, "new", "project");
	t.equal(project.status, 2);
	t.match(project.stderr, /new project needs a directory/);
	t.equal(project.stdout, "", "no question was printed");
	const made = backbeat(cwd, "new", "project", "app", "--sdk", "^0.1.0");
	t.equal(made.status, 0, made.stderr);
	t.notMatch(made.stdout, /\?/, "no question was printed");
	const service = backbeat(join(cwd, "app"), "new", "service");
	t.equal(service.status, 2);
	t.match(service.stderr, /missing the service name/);
});

/** A fake terminal for the clack prompter: types a key sequence once the question shows. */
function fakeTerminal() {
	const input = new PassThrough();
	let shown = "";
	const waiting: Array<{ text: string; keys: string }> = [];
	const output = new Writable({
		write(chunk: Buffer, _encoding, done) {
			shown += chunk.toString();
			// Answer only once the prompt is on screen, as a person would: earlier keys would reach the previous
			// prompt. After the render returns, since clack listens for keys only once it has drawn.
			while (waiting[0] && shown.includes(waiting[0].text)) {
				const { keys } = waiting.shift()!;
				setImmediate(() => input.write(keys));
			}
			done();
		}
	});
	return { input, output, shown: () => shown, type: (afterText: string, keys: string) => waiting.push({ text: afterText, keys }) };
}

t.test("the clack prompter asks on a terminal, re-asks on a refused answer, and turns Ctrl-C into a cancel", async t => {
	const terminal = fakeTerminal();
	const prompter = clackPrompter({ input: terminal.input, output: terminal.output });
	terminal.type("Service?", "no\r");
	terminal.type("must be 2", "\x7f\x7fsearch\r");
	t.equal(
		await prompter.text({ id: "name", message: "Service?", validate: value => (value.length < 3 ? "must be 2+" : undefined) }),
		"search"
	);
	terminal.type("First?", "\r");
	t.equal(await prompter.text({ id: "service", message: "First?", defaultValue: "greeter" }), "greeter", "Enter takes the default");
	terminal.type("Example?", "n");
	t.equal(await prompter.confirm({ id: "example", message: "Example?", initial: true }), false);
	terminal.type("Where?", "\x03");
	await t.rejects(prompter.text({ id: "dir", message: "Where?" }), {
		code: "CLIENT_CLOSED_REQUEST",
		message: "cancelled; nothing was written"
	});
	t.match(terminal.shown(), /Cancelled, nothing was written/);
});

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { backbeat, contentsUnder, filesUnder, tempDir } from "./support/cli.js";

t.test("generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1)", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "demo-app", "--sdk", "^0.1.0").status, 0);
	const root = join(cwd, "demo-app");
	t.equal(backbeat(root, "new", "service", "play-lists").status, 0);
	t.equal(backbeat(root, "new", "service", "bare", "--no-example").status, 0);
	t.equal(backbeat(root, "new", "service", "stubbed", "--action", "addItem", "--event", "itemAdded").status, 0);
	t.equal(backbeat(root, "new", "service", "ledger", "--db").status, 0);
	t.equal(backbeat(root, "new", "service", "audit-log", "--db", "--no-example", "--action", "purge").status, 0);
	const files = filesUnder(root);
	t.matchSnapshot(files, "file list");
	for (const file of files) t.matchSnapshot(readFileSync(join(root, file), "utf8"), file);
	// What a dry run prints for an edit, byte for byte.
	t.matchSnapshot(backbeat(root, "add", "event", "play-lists", "listShared", "--dry-run").stdout, "add event --dry-run output");
	t.matchSnapshot(
		backbeat(root, "add", "action", "ledger", "close", "--dry-run").stdout,
		"add action to a service with a database --dry-run output"
	);
});

t.test("reference-services files match their snapshots", async t => {
	// A stand-in for packages/reference-services: only what the layout needs, so the snapshot
	// follows the templates and not the catalog's own code.
	const root = join(tempDir(t), "reference-services");
	mkdirSync(join(root, "src"), { recursive: true });
	// Formatted by hand, as the real one is: --db rewrites only its dependencies block.
	writeFileSync(
		join(root, "package.json"),
		'{\n  "name": "@backbeat/reference-services",\n  "exports": { ".": "./dist/index.js" },\n  "dependencies": {\n    "@backbeat/sdk": "0.1.0",\n    "zod": "^4.1.0"\n  }\n}\n'
	);
	writeFileSync(
		join(root, "src/services.ts"),
		'import type { ServiceDefinition } from "@backbeat/sdk";\n// backbeat: service imports end\n\nexport function createServices(): ServiceDefinition[] {\n\treturn [\n\t\t// backbeat: services end\n\t];\n}\n'
	);
	writeFileSync(join(root, "src/index.ts"), 'export { createServices } from "./services.js";\n// backbeat: exports end\n');
	const made = backbeat(join(root, "src"), "new", "service", "playlists", "--action", "addTrack", "--event", "trackAdded");
	t.equal(made.status, 0, made.stderr);
	const withDb = backbeat(root, "new", "service", "libraries", "--db", "--event", "lent");
	t.equal(withDb.status, 0, withDb.stderr);
	const files = filesUnder(root);
	t.matchSnapshot(files, "file list");
	for (const file of files) t.matchSnapshot(readFileSync(join(root, file), "utf8"), file);
});

t.test("--dry-run shows every file and edit and writes nothing", async t => {
	const cwd = tempDir(t);
	const project = backbeat(cwd, "new", "project", "dry-app", "--dry-run");
	t.equal(project.status, 0);
	t.match(project.stdout, /would create package\.json\n/);
	t.match(project.stdout, /would create test\/greeter\.test\.ts\n {4}\| import assert/);
	t.notOk(existsSync(join(cwd, "dry-app")), "no directory was made");

	t.equal(backbeat(cwd, "new", "project", "real-app").status, 0);
	const root = join(cwd, "real-app");
	const before = contentsUnder(root);
	const service = backbeat(root, "new", "service", "search", "--action", "find", "--dry-run");
	t.equal(service.status, 0);
	t.match(service.stdout, /would create src\/services\/search\/contract\.ts\n/);
	t.match(service.stdout, /\| \t\tfind: \{/, "the stub action is part of the new contract");
	t.match(service.stdout, /would edit {3}src\/services\/index\.ts \(register search\)\n {4}\| @@ line \d+ @@/);
	t.match(service.stdout, /\| \+ \tsearchService,/);
	t.same(contentsUnder(root), before, "nothing changed on disk");

	const dry = backbeat(root, "new", "service", "ledger", "--db", "--dry-run");
	t.equal(dry.status, 0, dry.stderr);
	t.same(
		dry.stdout.split("\n").filter(line => line.startsWith("would")),
		[
			"would create src/services/ledger/contract.ts",
			"would create src/services/ledger/service.ts",
			"would create src/services/ledger/database.ts",
			"would create test/ledger.test.ts",
			"would edit   src/services/index.ts (register ledger)",
			"would edit   package.json (add the database drivers better-sqlite3 and pg)"
		]
	);
	t.match(dry.stdout, /\| \+ \tcreateLedgerService\(\),/);
	t.match(dry.stdout, /\| \+ {5}"better-sqlite3": "\^12\.0\.0",\n {4}\| \+ {5}"pg": "\^8\.0\.0",/);
	t.same(contentsUnder(root), before, "nothing changed on disk");
	// Exactly: every file the dry run showed is, line for line, the file the real run writes.
	t.equal(backbeat(root, "new", "service", "ledger", "--db").status, 0);
	for (const [, path, body] of dry.stdout.matchAll(/^would create (\S+)\n((?: {4}\|.*\n)*)/gm)) {
		const shown = body!
			.split("\n")
			.slice(0, -1)
			.map(line => line.replace(/^ {4}\| ?/, ""));
		t.same(shown, readFileSync(join(root, path!), "utf8").trimEnd().split("\n"), `${path} as shown`);
	}
});

t.test("existing files are never overwritten, and a refused plan writes nothing", async t => {
	const cwd = tempDir(t);
	mkdirSync(join(cwd, "busy"));
	writeFileSync(join(cwd, "busy", "notes.txt"), "mine");
	const busy = backbeat(cwd, "new", "project", "busy");
	t.equal(busy.status, 1);
	t.match(busy.stderr, /refusing to scaffold into busy: the directory is not empty/);
	t.same(readdirSync(join(cwd, "busy")), ["notes.txt"]);

	t.equal(backbeat(cwd, "new", "project", "app").status, 0);
	const root = join(cwd, "app");
	writeFileSync(join(root, "test", "search.test.ts"), "// hand-written\n");
	const before = contentsUnder(root);
	const clash = backbeat(root, "new", "service", "search");
	t.equal(clash.status, 1);
	t.match(clash.stderr, /refusing to overwrite existing files: test\/search\.test\.ts/);
	t.same(contentsUnder(root), before, "no other file of the plan was written, and no edit was made");

	const duplicate = backbeat(root, "new", "service", "orders", "--action", "hello");
	t.equal(duplicate.status, 1, "the stub would clash with the example action");
	t.match(duplicate.stderr, /orders already has an action 'hello'/);
	t.same(contentsUnder(root), before);

	const dbDuplicate = backbeat(root, "new", "service", "orders", "--db", "--event", "created");
	t.equal(dbDuplicate.status, 1, "the stub would clash with the database's event");
	t.match(dbDuplicate.stderr, /orders already has an event 'created'/);
	writeFileSync(join(root, "package.json"), "{ not json");
	const broken = backbeat(root, "new", "service", "orders", "--db");
	t.equal(broken.status, 1);
	t.match(broken.stderr, /package\.json is not valid JSON \(.*\); fix it, then run the command again/);
	t.same(
		contentsUnder(root).filter(([file]) => file !== "package.json"),
		before.filter(([file]) => file !== "package.json"),
		"nothing else was written either"
	);
});

t.test("bad names, unknown kinds, options and places give clear errors and a non-zero exit", async t => {
	const cwd = tempDir(t);
	const cases: Array<[string[], number, RegExp]> = [
		[["new", "project", "My_App"], 2, /'My_App' is not a valid project name: use kebab-case/],
		[["new", "project"], 2, /new project needs a directory/],
		[["new", "project", "fine", "--action", "Add-Item"], 2, /'Add-Item' is not a valid action name: use camelCase/],
		[["new", "project", "fine", "--event", "constructor"], 2, /'constructor' is a reserved name/],
		[["new", "service", "node", "--dir", cwd], 2, /'node' is a reserved name/],
		[["new", "service", "x"], 2, /must be 2 to 40 characters/],
		[["new", "service", "ok-name"], 1, /is not a Backbeat project: src\/services\/index\.ts is missing/],
		[["new", "widget", "x"], 2, /unknown kind 'widget'/],
		[["new", "project", "fine", "--fast"], 2, /unknown option '--fast'/],
		[["new", "project", "fine", "--service"], 2, /--service needs a value/],
		[["frobnicate"], 2, /unknown command 'frobnicate'/]
	];
	for (const [args, status, message] of cases) {
		const run = backbeat(cwd, ...args);
		t.equal(run.status, status, args.join(" "));
		t.match(run.stderr, message, args.join(" "));
	}
	t.same(readdirSync(cwd), [], "none of them wrote anything");
});

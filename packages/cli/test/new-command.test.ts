import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import t from "tap";

const bin = join(dirname(dirname(fileURLToPath(import.meta.url))), "dist", "main.js");
const backbeat = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

function tempDir(t: { teardown(fn: () => void): void }): string {
	const dir = mkdtempSync(join(tmpdir(), "backbeat-cli-"));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

function filesUnder(root: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (entry.name === "node_modules" || entry.name === "dist") continue;
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else out.push(relative(root, path));
		}
	};
	walk(root);
	return out.sort();
}

t.test("generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1)", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "demo-app", "--sdk", "^0.1.0").status, 0);
	t.equal(backbeat(join(cwd, "demo-app"), "new", "service", "play-lists").status, 0);
	const root = join(cwd, "demo-app");
	const files = filesUnder(root);
	t.matchSnapshot(files, "file list");
	for (const file of files) t.matchSnapshot(readFileSync(join(root, file), "utf8"), file);
});

t.test("a generated project installs, type-checks and passes its tests, also after adding a service", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "shop", "--service", "orders").status, 0);
	const root = join(cwd, "shop");
	t.match(readFileSync(join(root, "package.json"), "utf8"), /"@backbeat\/sdk": "file:.*packages\/sdk"/, "inside this repository it links the local SDK");
	const npm = (...args: string[]) => promisify(execFile)("npm", args, { cwd: root, timeout: 240_000 });
	await npm("install", "--no-audit", "--no-fund", "--prefer-offline");
	const first = await npm("test");
	t.match(first.stdout, /# pass 2\n# fail 0/);
	t.equal(backbeat(root, "new", "service", "inventory").status, 0);
	const second = await npm("test");
	t.match(second.stdout, /# pass 4\n# fail 0/);
	t.match(readFileSync(join(root, "src/services/index.ts"), "utf8"), /ordersService,\n\tinventoryService,/);
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
	const before = filesUnder(root).map(f => [f, readFileSync(join(root, f), "utf8")]);
	const service = backbeat(root, "new", "service", "search", "--dry-run");
	t.equal(service.status, 0);
	t.match(service.stdout, /would edit {3}src\/services\/index\.ts \(register search\)/);
	t.match(service.stdout, /\| \tsearchService,/);
	t.same(filesUnder(root).map(f => [f, readFileSync(join(root, f), "utf8")]), before, "nothing changed on disk");
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
	const indexBefore = readFileSync(join(root, "src/services/index.ts"), "utf8");
	const clash = backbeat(root, "new", "service", "search");
	t.equal(clash.status, 1);
	t.match(clash.stderr, /refusing to overwrite existing files: test\/search\.test\.ts/);
	t.equal(readFileSync(join(root, "test", "search.test.ts"), "utf8"), "// hand-written\n");
	t.notOk(existsSync(join(root, "src/services/search")), "no other file of the plan was written");
	t.equal(readFileSync(join(root, "src/services/index.ts"), "utf8"), indexBefore, "and no edit was made");
});

t.test("bad names, unknown kinds, options and places give clear errors and a non-zero exit", async t => {
	const cwd = tempDir(t);
	const cases: Array<[string[], number, RegExp]> = [
		[["new", "project", "My_App"], 2, /'My_App' is not a valid project name: use kebab-case/],
		[["new", "project"], 2, /new project needs a directory/],
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

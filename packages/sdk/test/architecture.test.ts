// The SDK's folders import in one direction: scripts/check-folder-imports.mjs
// (also run by `npm run lint`) finds folders that import each other's values.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t, { type Test } from "tap";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const script = join(repoRoot, "scripts", "check-folder-imports.mjs");

function check(...args: string[]) {
	const run = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
	return { status: run.status, output: run.stdout + run.stderr };
}

/** A src tree of the given files (path → text) in a temporary folder. */
function tree(t: Test, files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), "backbeat-folders-"));
	t.teardown(() => rmSync(root, { recursive: true, force: true }));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

t.test("no two folders of packages/sdk/src import each other's values", async t => {
	const run = check(join(repoRoot, "packages", "sdk", "src"));
	t.equal(run.status, 0, run.output);
});

t.test("a pair of folders importing each other's values fails, naming the files", async t => {
	const root = tree(t, {
		"a/one.ts": 'import { two } from "../b/two.js";\nexport const one = () => two;\n',
		"b/two.ts": 'import { one } from "../a/one.js";\nexport const two = () => one;\n'
	});
	const run = check(root);
	t.equal(run.status, 1);
	t.match(run.output, /a -> b -> a|b -> a -> b/);
	t.match(run.output, /a\/one\.ts -> b\/two\.ts/);
});

t.test("a longer loop fails too", async t => {
	const root = tree(t, {
		"a/x.ts": 'import { y } from "../b/y.js";\nexport const x = y;\n',
		"b/y.ts": 'import { z } from "../c/z.js";\nexport const y = z;\n',
		"c/z.ts": 'import { x } from "../a/x.js";\nexport const z = x;\n'
	});
	const run = check(root);
	t.equal(run.status, 1);
	t.match(run.output, /in a loop: \w -> \w -> \w -> \w/);
});

t.test("type-only imports back up are erased at build time and pass; --types counts them", async t => {
	const root = tree(t, {
		"a/one.ts": 'import { two } from "../b/two.js";\nexport type One = string;\nexport const one = two;\n',
		"b/two.ts":
			'import type { One } from "../a/one.js";\nimport { type One as Also } from "../a/one.js";\nexport const two: One | Also = "";\n'
	});
	t.equal(check(root).status, 0);
	t.equal(check("--types", root).status, 1);
});

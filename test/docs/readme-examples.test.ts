// Every TypeScript block in the READMEs is a complete program that compiles
// against the built packages (```ts), unless it says it is a fragment
// (```ts fragment); blocks marked ```ts run also run to exit 0 in embedded
// mode, with no servers. A README example that stops compiling fails CI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { blocksOf, compileBlocks, fileNameOf, readmeText, type ReadmeBlock } from "../support/readme-blocks.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function readmes(): string[] {
	const found = ["README.md", "benchmarks/README.md"];
	for (const parent of ["packages", "examples"]) {
		for (const name of readdirSync(join(repoRoot, parent))) {
			if (existsSync(join(repoRoot, parent, name, "README.md"))) found.push(`${parent}/${name}/README.md`);
		}
	}
	return found;
}

const blocks: ReadmeBlock[] = readmes().flatMap(readme => blocksOf(readme, readmeText(repoRoot, readme)));
const checked = compileBlocks(repoRoot, join(repoRoot, ".readme-examples"), blocks);

t.test("the READMEs have TypeScript examples, and every one is a program or says it is a fragment", async t => {
	t.ok(blocks.length >= 5, `${blocks.length} blocks found`);
	t.same(checked.errors.get("(tsc)") ?? [], [], "the compiler ran");
});

for (const block of blocks.filter(block => block.kind !== "fragment")) {
	const name = fileNameOf(block);
	t.test(`${block.readme}:${block.line} compiles`, async t => {
		t.same(checked.errors.get(name), [], "no compiler errors");
	});
	if (block.kind !== "run") continue;
	t.test(`${block.readme}:${block.line} runs to exit 0 in embedded mode`, async t => {
		const dataDir = mkdtempSync(join(tmpdir(), "backbeat-readme-"));
		t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
		const env: NodeJS.ProcessEnv = { ...process.env, BACKBEAT_DATA_DIR: dataDir, BACKBEAT_LOG_LEVEL: "warn" };
		for (const key of ["BACKBEAT_TRANSPORTER", "BACKBEAT_CHANNELS_URL", "BACKBEAT_DATABASE_URL"]) delete env[key];
		const run = spawnSync(process.execPath, [join(checked.outDir, name.replace(/\.ts$/, ".js"))], {
			cwd: dataDir,
			env,
			encoding: "utf8",
			timeout: 60_000
		});
		t.equal(run.status, 0, `exit status (stderr: ${run.stderr.slice(-2000)})`);
	});
}

t.test("the check can fail: a block with a type error is reported with its line", async t => {
	const workDir = join(repoRoot, ".readme-examples-selftest");
	t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
	const broken = blocksOf(
		"SELFTEST.md",
		'Text\n\n```ts\nimport { defineContract } from "@backbeat/sdk";\nconst n: number = defineContract;\n```\n\n```ts fragment\nnot even code\n```\n'
	);
	t.same(
		broken.map(block => [block.line, block.kind]),
		[
			[3, "program"],
			[8, "fragment"]
		]
	);
	const result = compileBlocks(repoRoot, workDir, broken);
	const messages = result.errors.get("SELFTEST.md-3.ts") ?? [];
	t.equal(messages.length, 1, messages.join("\n"));
	t.match(messages[0], /TS2322/);
	t.notOk(result.errors.has("SELFTEST.md-8.ts"), "the fragment is not compiled");
});

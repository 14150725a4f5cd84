// Reads the TypeScript blocks of the READMEs and checks them the way a user
// would use them: written to files inside the repository (so `@backbeat/sdk`
// resolves to the built workspace packages), type-checked with the project's
// strict settings, and the ones marked to run executed with Node.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** How a block is checked: its fence's info words (```ts, ```ts fragment, ```ts run). */
export type BlockKind = "program" | "fragment" | "run";

export interface ReadmeBlock {
	/** The README, relative to the repository. */
	readonly readme: string;
	/** Line of the opening fence. */
	readonly line: number;
	readonly kind: BlockKind;
	readonly code: string;
}

const FENCE = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;

export function blocksOf(readme: string, text: string): ReadmeBlock[] {
	const blocks: ReadmeBlock[] = [];
	for (const match of text.matchAll(FENCE)) {
		const words = (match[2] ?? "").trim().split(/\s+/);
		const kind: BlockKind = words.includes("fragment") ? "fragment" : words.includes("run") ? "run" : "program";
		const line = text.slice(0, match.index).split("\n").length;
		blocks.push({ readme, line, kind, code: match[3] ?? "" });
	}
	return blocks;
}

/** A file name for a block: `packages-sdk-README.md-227.ts`. */
export function fileNameOf(block: ReadmeBlock): string {
	return `${block.readme.replace(/[/\\]/g, "-")}-${block.line}.ts`;
}

export interface CheckedBlocks {
	/** Compiler messages per block file name (empty: it compiles). */
	readonly errors: ReadonlyMap<string, readonly string[]>;
	/** Where the compiled JavaScript of each block is. */
	readonly outDir: string;
}

/**
 * Type-checks every block that is not a fragment in one `tsc` run, in
 * `workDir` (a folder inside the repository, emptied first), with the
 * repository's base tsconfig: strict, NodeNext modules, top-level await.
 * Unused names are allowed: examples show values they don't go on to use.
 */
export function compileBlocks(repoRoot: string, workDir: string, blocks: readonly ReadmeBlock[]): CheckedBlocks {
	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const files = blocks
		.filter(block => block.kind !== "fragment")
		.map(block => {
			const name = fileNameOf(block);
			// `export {}` makes a block without imports a module too, so top-level await compiles.
			writeFileSync(join(workDir, name), `${block.code}\nexport {};\n`);
			return name;
		});
	const outDir = join(workDir, "out");
	const tsconfig = {
		extends: relative(workDir, join(repoRoot, "tsconfig.base.json")),
		compilerOptions: {
			outDir: "out",
			rootDir: ".",
			noUnusedLocals: false,
			noUnusedParameters: false,
			declaration: false,
			declarationMap: false,
			sourceMap: false
		},
		files
	};
	writeFileSync(join(workDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
	const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
	const run = spawnSync(process.execPath, [tsc, "-p", join(workDir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
	const errors = new Map<string, string[]>(files.map(name => [name, []]));
	for (const message of `${run.stdout}${run.stderr}`.split("\n")) {
		const file = files.find(name => message.startsWith(name) || message.includes(`/${name}(`));
		if (file) errors.get(file)?.push(message);
		else if (message.trim() !== "" && run.status !== 0) errors.set("(tsc)", [...(errors.get("(tsc)") ?? []), message]);
	}
	return { errors, outDir };
}

export function readmeText(repoRoot: string, readme: string): string {
	return readFileSync(join(repoRoot, readme), "utf8");
}

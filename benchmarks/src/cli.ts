// backbeat benchmarks: `npm run bench -- [suite ...] [--quick] [--out DIR] [--no-readme]`
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { writeResults, updateReadme } from "./runner/results.js";
import { missingServer, runSuite } from "./runner/run-suite.js";
import { SUITES } from "./suites/index.js";

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function usage(): string {
	return `Usage: npm run bench -- [suite ...] [--quick] [--out DIR] [--no-readme]

Suites (default: all, in this order):
${SUITES.map(s => `  ${s.name.padEnd(14)} ${s.description.split(". ")[0]}.`).join("\n")}

Options:
  --quick       short runs (well under a minute per suite); results are marked quick
  --out DIR     where results go (default: benchmarks/results)
  --no-readme   don't update the root README's benchmark section (a full run of all suites does by default)
  --readme      only rewrite the README's benchmark section from results/latest, measuring nothing
`;
}

const names: string[] = [];
let quick = false;
let readme = true;
let readmeOnly = false;
let outDir = join(benchDir, "results");
for (let i = 0; i < args.length; i++) {
	const arg = args[i]!;
	if (arg === "--quick") quick = true;
	else if (arg === "--no-readme") readme = false;
	else if (arg === "--readme") readmeOnly = true;
	else if (arg === "--out") outDir = args[++i] ?? outDir;
	else if (arg === "--help" || arg === "-h") {
		process.stdout.write(usage());
		process.exit(0);
	} else if (arg.startsWith("-")) {
		process.stderr.write(`bench: unknown option '${arg}'\n\n${usage()}`);
		process.exit(2);
	} else names.push(arg);
}

const readmePath = join(benchDir, "..", "README.md");
if (readmeOnly) {
	updateReadme(readmePath, outDir, "benchmarks/results");
	process.stdout.write("updated the benchmark section of README.md from results/latest\n");
	process.exit(0);
}

const unknown = names.filter(name => !SUITES.some(s => s.name === name));
if (unknown.length) {
	process.stderr.write(`bench: unknown suite '${unknown.join("', '")}'\n\n${usage()}`);
	process.exit(2);
}
const selected = names.length ? SUITES.filter(s => names.includes(s.name)) : SUITES;
const log = (line: string) => process.stdout.write(`${line}\n`);

let failed = 0;
for (const suite of selected) {
	const missing = await missingServer(suite);
	if (missing) {
		log(`[${suite.name}] stopped: ${missing}. Start it (see the README's server list) and run again.`);
		failed++;
		continue;
	}
	log(`[${suite.name}] ${quick ? "quick run" : "full run"}`);
	try {
		const report = await runSuite(suite, { quick, log });
		for (const file of writeResults(outDir, report)) log(`[${suite.name}] wrote ${relative(process.cwd(), file)}`);
	} catch (err) {
		log(`[${suite.name}] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
		failed++;
	}
}
if (readme && !quick && names.length === 0 && failed === 0) {
	updateReadme(readmePath, outDir, "benchmarks/results");
	log("updated the benchmark section of README.md");
}
process.exit(failed ? 1 : 0);

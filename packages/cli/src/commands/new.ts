import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BackbeatError } from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { validateName } from "../names/validate-name.js";
import { applyPlan, type Change } from "../scaffold/plan.js";
import { gitignore, mainFile, packageJson, readme, servicesIndex, tsconfigJson } from "../templates/project-files.js";
import { contractFile, registerService, serviceFile, serviceTestFile } from "../templates/service-files.js";

const HELP = `Usage:
  backbeat new project <dir> [--service <name>] [--sdk <spec>] [--dry-run]
  backbeat new service <name> [--dir <project>] [--dry-run]

new project   a workspace with a first service (contract, implementation, test),
              tsconfig, README and scripts; \`npm install && npm test\` pass in it.
              --service  name of the first service (default: greeter)
              --sdk      version or path for @backbeat/sdk (default: this repository's
                         packages/sdk when run from it, else the CLI's own version)
new service   contract, implementation and test of a service, registered in
              src/services/index.ts of the project in --dir (default: .)
--dry-run     print every file and edit it would make, and write nothing

Names are kebab-case, 2-40 characters. Existing files are never overwritten.
`;

/** The SDK to depend on: this repository's package when the CLI runs from it, else the published one. */
function defaultSdkSpec(): string {
	const repoRoot = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "..", "..");
	const sdkManifest = join(repoRoot, "packages", "sdk", "package.json");
	if (existsSync(sdkManifest) && (JSON.parse(readFileSync(sdkManifest, "utf8")) as { name?: string }).name === "@backbeat/sdk") {
		return `file:${join(repoRoot, "packages", "sdk")}`;
	}
	const own = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
	return `^${own.version}`;
}

function serviceChanges(name: string): Change[] {
	return [
		{ kind: "create", path: `src/services/${name}/contract.ts`, content: contractFile(name) },
		{ kind: "create", path: `src/services/${name}/service.ts`, content: serviceFile(name) },
		{ kind: "create", path: `test/${name}.test.ts`, content: serviceTestFile(name) }
	];
}

function newProject(args: readonly string[], io: Io): number {
	const { positionals, flags } = parseArgs(args, { booleans: ["dry-run"], values: ["service", "sdk"] });
	const [dir, ...extra] = positionals;
	if (dir === undefined) throw usage("new project needs a directory: backbeat new project <dir>", "dir");
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	const root = resolve(dir);
	const name = validateName(basename(root), "project");
	const first = validateName(typeof flags["service"] === "string" ? flags["service"] : "greeter", "service");
	if (existsSync(root) && readdirSync(root).length > 0) {
		throw new BackbeatError("CONFLICT", `refusing to scaffold into ${dir}: the directory is not empty`, { data: { dir } });
	}
	const sdk = typeof flags["sdk"] === "string" ? flags["sdk"] : defaultSdkSpec();
	const changes: Change[] = [
		{ kind: "create", path: "package.json", content: packageJson(name, sdk) },
		{ kind: "create", path: "tsconfig.json", content: tsconfigJson() },
		{ kind: "create", path: "README.md", content: readme(name, first) },
		{ kind: "create", path: ".gitignore", content: gitignore() },
		{ kind: "create", path: "src/main.ts", content: mainFile() },
		{ kind: "create", path: "src/services/index.ts", content: registerService(servicesIndex(), first) },
		...serviceChanges(first)
	];
	const dryRun = flags["dry-run"] === true;
	applyPlan(root, changes, { dryRun, out: line => io.out(`${line}\n`) });
	if (!dryRun) io.out(`\nNext: cd ${dir} && npm install && npm test\n`);
	return EXIT.ok;
}

function newService(args: readonly string[], io: Io): number {
	const { positionals, flags } = parseArgs(args, { booleans: ["dry-run"], values: ["dir"] });
	const [rawName, ...extra] = positionals;
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	const name = validateName(rawName, "service");
	const root = resolve(typeof flags["dir"] === "string" ? flags["dir"] : ".");
	if (!existsSync(join(root, "src", "services", "index.ts"))) {
		throw new BackbeatError("NOT_FOUND", `${root} is not a Backbeat project: src/services/index.ts is missing (create one with 'backbeat new project')`, {
			data: { dir: root }
		});
	}
	const changes: Change[] = [
		...serviceChanges(name),
		{ kind: "edit", path: "src/services/index.ts", describe: `register ${name}`, edit: index => registerService(index, name) }
	];
	applyPlan(root, changes, { dryRun: flags["dry-run"] === true, out: line => io.out(`${line}\n`) });
	return EXIT.ok;
}

export const newCommand: Command = {
	name: "new",
	summary: "scaffold a project or a service (new project <dir> | new service <name>)",
	async run(args, io) {
		const [what, ...rest] = args;
		if (what === undefined || what === "--help" || what === "-h") {
			io.out(HELP);
			return what === undefined ? EXIT.usage : EXIT.ok;
		}
		if (what === "project") return newProject(rest, io);
		if (what === "service") return newService(rest, io);
		throw usage(`unknown kind '${what}': expected 'project' or 'service'`, "kind");
	}
};

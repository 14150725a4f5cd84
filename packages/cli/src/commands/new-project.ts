import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BackbeatError } from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { projectLayout } from "../layouts/project-layout.js";
import { validateName } from "../names/validate-name.js";
import { required, serviceChoices } from "../prompts/ask.js";
import { refusal } from "../prompts/prompter.js";
import { applyPlan, type Change } from "../scaffold/plan.js";
import { gitignore, mainFile, packageJson, readme, servicesIndex, tsconfigJson } from "../templates/project-files.js";
import { newServiceChanges, stubNote } from "./new-service.js";

export const NEW_PROJECT_HELP = `Usage: backbeat new project <dir> [--service <name>] [--db] [--no-example] [--action <name>] [--event <name>] [--sdk <spec>] [--yes] [--dry-run]

Creates <dir> (missing or empty) with a first service (contract, implementation,
test), tsconfig, README and scripts; 'npm install && npm test' pass in it
(unless --action or --event added a stub, whose test fails until it is written).

  --service <name>  name of the first service (default: greeter)
  --db              give the first service an SQL database, a migration and the
                    outbox, as 'backbeat new service --db' does (default: no database)
  --no-example      leave out the example action 'hello' and its tests
  --action <name>   also add a stub action to the first service (default: none)
  --event <name>    also add a stub event to the first service (default: none)
  --sdk <spec>      version or path for @backbeat/sdk (default: this repository's
                    packages/sdk when run from it, else the CLI's own version)
  --yes             never ask; use the defaults for whatever is not given
  --dry-run         print every file it would make, and write nothing

On a terminal it asks for what is not given (unless --yes). Names are
kebab-case, 2-40 characters; the project's name is its directory's.
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

function refuseNonEmpty(dir: string): void {
	const root = resolve(dir);
	if (existsSync(root) && readdirSync(root).length > 0) {
		throw new BackbeatError("CONFLICT", `refusing to scaffold into ${dir}: the directory is not empty`, { data: { dir } });
	}
}

export async function newProject(args: readonly string[], io: Io): Promise<number> {
	if (args.includes("--help") || args.includes("-h")) {
		io.out(NEW_PROJECT_HELP);
		return EXIT.ok;
	}
	const { positionals, flags } = parseArgs(args, {
		booleans: ["dry-run", "yes", "no-example", "db"],
		values: ["service", "sdk", "action", "event"]
	});
	const [givenDir, ...extra] = positionals;
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	const prompter = flags["yes"] === true ? undefined : io.prompter;
	const checkDir = (dir: string) => {
		validateName(basename(resolve(dir)), "project");
		refuseNonEmpty(dir);
	};
	if (givenDir !== undefined) checkDir(givenDir);
	const dir = await required(
		givenDir,
		prompter,
		{
			id: "dir",
			message: "Where should the project go? (its folder name is its name)",
			placeholder: "my-app",
			validate: refusal(checkDir)
		},
		"new project needs a directory: backbeat new project <dir>"
	);
	checkDir(dir);
	const root = resolve(dir);
	const givenService = typeof flags["service"] === "string" ? validateName(flags["service"], "service") : undefined;
	const first = validateName(
		givenService ??
			(prompter
				? await prompter.text({
						id: "service",
						message: "Name of the first service (kebab-case)",
						defaultValue: "greeter",
						placeholder: "greeter",
						validate: refusal(value => validateName(value, "service"))
					})
				: "greeter"),
		"service"
	);
	const choices = await serviceChoices(flags, prompter);
	const sdk = typeof flags["sdk"] === "string" ? flags["sdk"] : defaultSdkSpec();
	const changes: Change[] = [
		{ kind: "create", path: "package.json", content: packageJson(basename(root), sdk) },
		{ kind: "create", path: "tsconfig.json", content: tsconfigJson() },
		{ kind: "create", path: "README.md", content: readme(basename(root), first) },
		{ kind: "create", path: ".gitignore", content: gitignore() },
		{ kind: "create", path: "src/main.ts", content: mainFile() },
		{ kind: "create", path: projectLayout.registry, content: servicesIndex() },
		...newServiceChanges(projectLayout, first, choices)
	];
	const dryRun = flags["dry-run"] === true;
	applyPlan(root, changes, { dryRun, out: line => io.out(`${line}\n`) });
	if (!dryRun) io.out(`\nNext: cd ${dir} && npm install && npm test\n${stubNote(projectLayout, first, choices)}`);
	return EXIT.ok;
}

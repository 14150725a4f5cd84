import { resolve } from "node:path";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { findProject } from "../layouts/find-project.js";
import type { Layout } from "../layouts/layout.js";
import { validateName } from "../names/validate-name.js";
import { required, serviceChoices, type ServiceChoices } from "../prompts/ask.js";
import { refusal } from "../prompts/prompter.js";
import { memberChanges } from "../scaffold/member-changes.js";
import { applyPlan, type Change } from "../scaffold/plan.js";

export const NEW_SERVICE_HELP = `Usage: backbeat new service <name> [--dir <project>] [--db] [--no-example] [--action <name>] [--event <name>] [--yes] [--dry-run]

Adds a service to the project in --dir (default: the one around the current
folder): its contract, implementation and test, listed with the others.
In a project made by 'backbeat new project': src/services/<name>/{contract,service}.ts,
test/<name>.test.ts, registered in src/services/index.ts. In this repository's
packages/reference-services: src/<name>/{contract,service,store}.ts and
test/<name>.test.ts (tap), listed in src/services.ts and exported from src/index.ts.

  --db             give it an SQL database: database.ts (its table, the first
                   migration; SQLite file data/<name>.sqlite by default,
                   <NAME>_DATABASE_URL or BACKBEAT_DATABASE_URL for PostgreSQL),
                   the outbox, actions 'create' (a row and its 'created' event in
                   one transaction) and 'get', their tests, and the drivers
                   better-sqlite3 and pg in package.json (default: no database)
  --no-example     leave out the example action 'hello' and its tests
  --action <name>  also add a stub action, as 'backbeat add action' does (default: none)
  --event <name>   also add a stub event, as 'backbeat add event' does (default: none)
  --yes            never ask; use the defaults for whatever is not given
  --dry-run        print every file and edit it would make, and write nothing

On a terminal it asks for what is not given (unless --yes). Names are
kebab-case, 2-40 characters. Existing files are never overwritten.
`;

/** The plan for one new service: its files, its registration, and any stub action or event folded into them. */
export function newServiceChanges(layout: Layout, name: string, choices: ServiceChoices): Change[] {
	return [
		...layout.newService(name, choices),
		...(choices.action === undefined ? [] : memberChanges(layout, name, "action", choices.action, choices.db)),
		...(choices.event === undefined ? [] : memberChanges(layout, name, "event", choices.event, choices.db))
	];
}

/** What to do next when the new code has stubs whose tests fail on purpose. */
export function stubNote(layout: Layout, name: string, choices: ServiceChoices): string {
	const stubs = [choices.action, choices.event].filter(member => member !== undefined);
	if (stubs.length === 0) return "";
	return `\nThe tests of ${stubs.join(" and ")} fail until you write ${stubs.length === 1 ? "its handler" : "their handlers"} in ${layout.files(name).service}.\n`;
}

export async function newService(args: readonly string[], io: Io): Promise<number> {
	if (args.includes("--help") || args.includes("-h")) {
		io.out(NEW_SERVICE_HELP);
		return EXIT.ok;
	}
	const { positionals, flags } = parseArgs(args, {
		booleans: ["dry-run", "yes", "no-example", "db"],
		values: ["dir", "action", "event"]
	});
	const [given, ...extra] = positionals;
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	// Checked before asking anything: a wrong place is not worth a question.
	if (given !== undefined) validateName(given, "service");
	const project = findProject(resolve(typeof flags["dir"] === "string" ? flags["dir"] : "."));
	const prompter = flags["yes"] === true ? undefined : io.prompter;
	const name = validateName(
		await required(
			given,
			prompter,
			{
				id: "name",
				message: "Name of the new service (kebab-case)",
				placeholder: "orders",
				validate: refusal(value => validateName(value, "service"))
			},
			"missing the service name: backbeat new service <name>"
		),
		"service"
	);
	const choices = await serviceChoices(flags, prompter);
	applyPlan(project.root, newServiceChanges(project.layout, name, choices), {
		dryRun: flags["dry-run"] === true,
		out: line => io.out(`${line}\n`)
	});
	if (flags["dry-run"] !== true)
		io.out(`${choices.db ? "\nNext: npm install (for the database drivers)\n" : ""}${stubNote(project.layout, name, choices)}`);
	return EXIT.ok;
}

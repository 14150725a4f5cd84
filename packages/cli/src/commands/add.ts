import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { findProject } from "../layouts/find-project.js";
import { validateMemberName, validateName } from "../names/validate-name.js";
import { memberChanges } from "../scaffold/member-changes.js";
import { applyPlan } from "../scaffold/plan.js";
import type { MemberKind } from "../templates/member-snippets.js";

const HELP = `Usage:
  backbeat add action <service> <name> [--dir <project>] [--dry-run]
  backbeat add event <service> <name> [--dir <project>] [--dry-run]

add action  adds <name> to the service's contract (placeholder params and returns
            schemas to edit), a handler stub that throws NOT_IMPLEMENTED, and a
            test that fails until the handler is written
add event   adds <name> to the contract's events (a placeholder payload schema),
            a stub handler of it in the service's subscriptions (move it to the
            service that should react, if that is another one), and a test that
            fails until the handler is written

  --dir      the project (default: the one around the current folder)
  --dry-run  print every edit as a diff, and write nothing

Service names are kebab-case; action and event names camelCase (addTrack,
trackAdded). The code goes where the templates left '// backbeat: … end' markers.
`;

const KINDS: readonly MemberKind[] = ["action", "event"];

async function add(args: readonly string[], io: Io): Promise<number> {
	const [kind, ...rest] = args;
	if (kind === undefined || kind === "--help" || kind === "-h" || rest.includes("--help") || rest.includes("-h")) {
		io.out(HELP);
		return kind === undefined ? EXIT.usage : EXIT.ok;
	}
	if (!KINDS.includes(kind as MemberKind)) throw usage(`unknown kind '${kind}': expected 'action' or 'event'`, "kind");
	const member = kind as MemberKind;
	const { positionals, flags } = parseArgs(rest, { booleans: ["dry-run"], values: ["dir"] });
	const [givenService, givenName, ...extra] = positionals;
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	if (givenService === undefined) throw usage(`missing the service: backbeat add ${member} <service> <name>`, "service");
	const service = validateName(givenService, "service");
	if (givenName === undefined) throw usage(`missing the ${member} name: backbeat add ${member} ${service} <name>`, "name");
	const name = validateMemberName(givenName, member);
	const project = findProject(resolve(typeof flags["dir"] === "string" ? flags["dir"] : "."));
	const known = project.layout.services(project.root);
	if (!known.includes(service))
		throw usage(`no service '${service}' in ${project.root} (known: ${known.join(", ") || "none"})`, "service");
	const dryRun = flags["dry-run"] === true;
	const db = existsSync(join(project.root, project.layout.files(service).database));
	applyPlan(project.root, memberChanges(project.layout, service, member, name, db), { dryRun, out: line => io.out(`${line}\n`) });
	if (!dryRun)
		io.out(
			`\nNext: edit the placeholder schema in ${project.layout.files(service).contract}, then write the handler in ${project.layout.files(service).service}; its test fails until then.\n`
		);
	return EXIT.ok;
}

export const addCommand: Command = {
	name: "add",
	summary: "add an action or event to a service: add action|event <service> <name>",
	run: add
};

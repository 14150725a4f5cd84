import { usage } from "../args/parse-args.js";
import type { Command } from "../commands.js";
import { EXIT } from "../commands.js";
import { newProject } from "./new-project.js";
import { newService } from "./new-service.js";

const HELP = `Usage:
  backbeat new project <dir> [options]   a project with a first service; npm install && npm test pass in it
  backbeat new service <name> [options]  a service (contract, implementation, test), listed with the others

Run 'backbeat new project --help' or 'backbeat new service --help' for the options.
On a terminal both ask for what is not given, unless --yes. Existing files are never overwritten.
`;

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

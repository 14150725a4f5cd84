import { createRequire } from "node:module";
import { COMMANDS, EXIT, type Io } from "./commands.js";

const require = createRequire(import.meta.url);
const { version } = require("../package.json") as { version: string };

function help(): string {
	const commands = COMMANDS.length === 0
		? "  (none yet: this release only answers --help and --version)"
		: COMMANDS.map(c => `  ${c.name.padEnd(14)} ${c.summary}`).join("\n");
	return `backbeat ${version}: scaffold, run and call Backbeat services

Usage: backbeat <command> [options]

Commands:
${commands}

Options:
  -h, --help     show this help
  -v, --version  print the version
`;
}

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
	const [first, ...rest] = args;
	if (first === undefined || first === "-h" || first === "--help" || first === "help") {
		io.out(help());
		return first === undefined ? EXIT.usage : EXIT.ok;
	}
	if (first === "-v" || first === "--version") {
		io.out(`${version}\n`);
		return EXIT.ok;
	}
	const command = COMMANDS.find(c => c.name === first);
	if (!command) {
		io.err(`backbeat: unknown command '${first}'. Run 'backbeat --help' for the list.\n`);
		return EXIT.usage;
	}
	return command.run(rest, io);
}

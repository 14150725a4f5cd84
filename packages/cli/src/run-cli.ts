import { createRequire } from "node:module";
import { BackbeatError } from "@backbeat/sdk";
import { COMMANDS } from "./command-list.js";
import { EXIT, type Io } from "./commands.js";

const require = createRequire(import.meta.url);
const { version } = require("../package.json") as { version: string };

function help(): string {
	const commands = COMMANDS.map(c => `  ${c.name.padEnd(14)} ${c.summary}`).join("\n");
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
	try {
		return await command.run(rest, io);
	} catch (err) {
		// A usage mistake or bad input exits 2, a cancelled prompt 130, anything else 1; either way one clear line, no stack.
		const error =
			err instanceof BackbeatError
				? err
				: new BackbeatError("INTERNAL_SERVER_ERROR", err instanceof Error ? err.message : String(err));
		io.err(`backbeat ${first}: ${error.message}\n`);
		if (error.code === "CLIENT_CLOSED_REQUEST") return EXIT.cancelled;
		return error.code === "BAD_REQUEST" || error.code === "VALIDATION_FAILED" ? EXIT.usage : EXIT.failed;
	}
}

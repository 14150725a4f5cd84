#!/usr/bin/env node
import type { Io } from "./commands.js";
import { clackPrompter } from "./prompts/clack-prompter.js";
import { runCli } from "./run-cli.js";

const io: Io = {
	out: text => process.stdout.write(text),
	err: text => process.stderr.write(text),
	// Prompt only when a person can see the question and answer it; pipes and CI get flags and defaults.
	...(process.stdin.isTTY && process.stdout.isTTY ? { prompter: clackPrompter() } : {})
};
process.exitCode = await runCli(process.argv.slice(2), io);

import type { Command } from "./commands.js";
import { addCommand } from "./commands/add.js";
import { callCommand, emitCommand } from "./commands/call.js";
import { deadLettersCommand } from "./commands/dead-letters.js";
import { devCommand } from "./commands/dev.js";
import { newCommand } from "./commands/new.js";
import { startCommand } from "./commands/start.js";

/** Every top-level command of `backbeat`. */
export const COMMANDS: readonly Command[] = [
	newCommand,
	addCommand,
	devCommand,
	startCommand,
	callCommand,
	emitCommand,
	deadLettersCommand
];

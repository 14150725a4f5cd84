import type { Command } from "./commands.js";
import { callCommand, emitCommand } from "./commands/call.js";
import { newCommand } from "./commands/new.js";

/** Every top-level command of `backbeat`. `add`, `dev`, `start` and `dead-letters` are still to come. */
export const COMMANDS: readonly Command[] = [newCommand, callCommand, emitCommand];

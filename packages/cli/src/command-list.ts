import type { Command } from "./commands.js";
import { newCommand } from "./commands/new.js";

/** Every top-level command of `backbeat`. `add`, `dev`, `start`, `call`, `emit` and `dead-letters` are still to come. */
export const COMMANDS: readonly Command[] = [newCommand];

import type { Prompter } from "./prompts/prompter.js";

/** A top-level command: its name, one line of help, and what it does. */
export interface Command {
	readonly name: string;
	readonly summary: string;
	run(args: readonly string[], io: Io): Promise<number>;
}

/** Where a command writes and whom it may ask; tests pass their own. */
export interface Io {
	out(text: string): void;
	err(text: string): void;
	/**
	 * Asks for what the flags left out. Absent when nobody can answer (stdin
	 * or stdout is not a terminal): commands then use defaults or name the
	 * missing flag in a usage error.
	 */
	readonly prompter?: Prompter;
}

/** Exit codes: 0 success, 1 the command failed, 2 it was used wrongly, 130 the user cancelled (as after Ctrl-C in a shell). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

// Commands register in src/command-list.ts as they are built.

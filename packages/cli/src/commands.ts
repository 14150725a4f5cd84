/** A top-level command: its name, one line of help, and what it does. */
export interface Command {
	readonly name: string;
	readonly summary: string;
	run(args: readonly string[], io: Io): Promise<number>;
}

/** Where a command writes; tests pass their own. */
export interface Io {
	out(text: string): void;
	err(text: string): void;
}

/** Exit codes: 0 success, 1 the command failed, 2 it was used wrongly. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

// Commands register in src/command-list.ts as they are built.

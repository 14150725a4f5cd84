import { BackbeatError } from "@backbeat/sdk";

/** A question answered with a line of text. */
export interface TextQuestion {
	/** Stable key of the question (`dir`, `service`, …), so scripted answers don't depend on wording or order. */
	readonly id: string;
	readonly message: string;
	/** What an empty answer means; shown as a hint. */
	readonly defaultValue?: string;
	readonly placeholder?: string;
	/** Returns why the answer is refused, or undefined to accept it. */
	readonly validate?: (value: string) => string | undefined;
}

/** A yes/no question. */
export interface ConfirmQuestion {
	readonly id: string;
	readonly message: string;
	readonly initial: boolean;
}

/**
 * Asks the user for what the command line left out. Commands receive one
 * only when someone can answer (a terminal, no `--yes`); the terminal one is
 * built on @clack/prompts, tests script theirs. Cancelling throws the error
 * made by `cancelled()`, before anything was written.
 */
export interface Prompter {
	text(question: TextQuestion): Promise<string>;
	confirm(question: ConfirmQuestion): Promise<boolean>;
}

/** The error a cancelled prompt throws; the CLI exits 130, like a shell after Ctrl-C. */
export function cancelled(): BackbeatError {
	return new BackbeatError("CLIENT_CLOSED_REQUEST", "cancelled; nothing was written");
}

/** Turns a validator that throws (validateName and friends) into a prompt's validate function. */
export function refusal(check: (value: string) => unknown): (value: string) => string | undefined {
	return value => {
		try {
			check(value);
			return undefined;
		} catch (err) {
			return err instanceof Error ? err.message : String(err);
		}
	};
}

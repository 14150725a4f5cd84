import { usage } from "../args/parse-args.js";
import { validateMemberName } from "../names/validate-name.js";
import type { ServiceOptions } from "../templates/service-files.js";
import { refusal, type Prompter, type TextQuestion } from "./prompter.js";

/**
 * A required value: the one given on the command line, else the answer to
 * `question`, else (nobody to ask) a usage error that says what to pass.
 */
export async function required(
	given: string | undefined,
	prompter: Prompter | undefined,
	question: TextQuestion,
	missing: string
): Promise<string> {
	if (given !== undefined) return given;
	if (!prompter) throw usage(`${missing} (or run it on a terminal without --yes to be asked)`, question.id);
	return prompter.text(question);
}

/** What a new service starts with, beyond its name. */
export interface ServiceChoices extends ServiceOptions {
	/** A stub action to add (as `backbeat add action` would). */
	readonly action?: string;
	/** A stub event to add (as `backbeat add event` would). */
	readonly event?: string;
}

type Flags = Readonly<Record<string, string | true>>;

/**
 * `--no-example`, `--db`, `--action <name>` and `--event <name>`, asking on a
 * terminal for the ones not given. Without a prompter the defaults hold:
 * the example, no database, no stub action, no stub event.
 */
export async function serviceChoices(flags: Flags, prompter: Prompter | undefined): Promise<ServiceChoices> {
	const example =
		flags["no-example"] === true
			? false
			: prompter
				? await prompter.confirm({ id: "example", message: "Include the example action 'hello' with its tests?", initial: true })
				: true;
	const db =
		flags["db"] === true ||
		(prompter !== undefined &&
			(await prompter.confirm({
				id: "db",
				message: "Give it an SQL database (SQLite by default, PostgreSQL by URL) with a migration and the outbox?",
				initial: false
			})));
	const member = async (kind: "action" | "event"): Promise<string | undefined> => {
		const given = flags[kind];
		if (typeof given === "string") return validateMemberName(given, kind);
		if (!prompter) return undefined;
		const wanted = await prompter.confirm({
			id: kind,
			message: `Add ${kind === "action" ? "an action" : "an event"} of your own (a stub whose test fails until you write it)?`,
			initial: false
		});
		if (!wanted) return undefined;
		const name = await prompter.text({
			id: `${kind}-name`,
			message: `Name of the ${kind} (camelCase)`,
			placeholder: kind === "action" ? "addTrack" : "trackAdded",
			validate: refusal(value => validateMemberName(value, kind))
		});
		return validateMemberName(name, kind);
	};
	const action = await member("action");
	const event = await member("event");
	return { example, db, ...(action === undefined ? {} : { action }), ...(event === undefined ? {} : { event }) };
}

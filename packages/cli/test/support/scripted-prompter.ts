import { cancelled, type ConfirmQuestion, type Prompter, type TextQuestion } from "../../dist/prompts/prompter.js";

/** Answering with this cancels, as Ctrl-C does on a terminal. */
export const CANCEL = Symbol("cancel");
export type Answer = string | boolean | typeof CANCEL;

/**
 * A Prompter that answers from a script keyed by question id. Like the
 * terminal, it asks again when validation refuses an answer: give a list to
 * script the retries. Asking something unscripted fails the test.
 */
export class ScriptedPrompter implements Prompter {
	/** The ids asked, in order. */
	readonly asked: string[] = [];
	/** Every message a validation refused an answer with. */
	readonly refusals: string[] = [];
	private readonly answers: Map<string, Answer[]>;

	constructor(answers: Readonly<Record<string, Answer | readonly Answer[]>>) {
		this.answers = new Map(
			Object.entries(answers).map(([id, answer]) => [id, Array.isArray(answer) ? [...answer] : [answer as Answer]])
		);
	}

	private next(id: string): Answer {
		this.asked.push(id);
		const answer = this.answers.get(id)?.shift();
		if (answer === undefined) throw new Error(`the scripted prompter has no answer for '${id}'`);
		if (answer === CANCEL) throw cancelled();
		return answer;
	}

	async text(question: TextQuestion): Promise<string> {
		for (;;) {
			const answer = this.next(question.id);
			if (typeof answer !== "string") throw new Error(`'${question.id}' asks for text, the script says ${String(answer)}`);
			const value = answer === "" ? (question.defaultValue ?? "") : answer;
			const refused = question.validate?.(value);
			if (refused === undefined) return value;
			this.refusals.push(refused);
		}
	}

	async confirm(question: ConfirmQuestion): Promise<boolean> {
		const answer = this.next(question.id);
		if (typeof answer !== "boolean") throw new Error(`'${question.id}' asks yes or no, the script says ${String(answer)}`);
		return answer;
	}
}

/** A Prompter that fails the test if it is ever asked anything. */
export const neverAsk: Prompter = {
	text: question => Promise.reject(new Error(`asked '${question.id}' although it must not prompt`)),
	confirm: question => Promise.reject(new Error(`asked '${question.id}' although it must not prompt`))
};

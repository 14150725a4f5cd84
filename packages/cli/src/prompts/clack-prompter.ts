import type { Readable, Writable } from "node:stream";
import { cancel, confirm, isCancel, text } from "@clack/prompts";
import { cancelled, type Prompter } from "./prompter.js";

/** The streams to talk over; the process's own by default, a fake terminal in tests. */
export interface ClackStreams {
	readonly input?: Readable;
	readonly output?: Writable;
}

/** Asks on a terminal with @clack/prompts. Ctrl-C (or Esc) cancels the whole command. */
export function clackPrompter(streams: ClackStreams = {}): Prompter {
	const io = { ...(streams.input ? { input: streams.input } : {}), ...(streams.output ? { output: streams.output } : {}) };
	const settle = <T>(answer: T | symbol): T => {
		if (isCancel(answer)) {
			cancel("Cancelled, nothing was written.", io);
			throw cancelled();
		}
		return answer as T;
	};
	return {
		async text(question) {
			const { validate, defaultValue } = question;
			const answer = await text({
				...io,
				message: question.message,
				...(question.placeholder === undefined ? {} : { placeholder: question.placeholder }),
				...(defaultValue === undefined ? {} : { defaultValue }),
				// clack validates the raw input; an empty one stands for the default.
				...(validate
					? {
							validate: (value: string | undefined) =>
								validate(value === undefined || value === "" ? (defaultValue ?? "") : value)
						}
					: {})
			});
			return settle<string>(answer);
		},
		async confirm(question) {
			return settle<boolean>(await confirm({ ...io, message: question.message, initialValue: question.initial }));
		}
	};
}

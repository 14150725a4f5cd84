import { useState } from "preact/hooks";
import { errorText } from "./api.js";

/** Runs a user's action, keeping its error message (in words) and whether it is under way. */
export function useAction() {
	const [error, setError] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);
	async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
		setBusy(true);
		setError(undefined);
		try {
			return await action();
		} catch (caught) {
			setError(errorText(caught));
			return undefined;
		} finally {
			setBusy(false);
		}
	}
	return { error, setError, busy, run };
}

import { BackbeatError } from "../../src/index.js";

/** The BackbeatError a function throws; anything else (or no throw) fails the test. */
export function thrownBy(fn: () => unknown): BackbeatError {
	try {
		fn();
	} catch (err) {
		if (err instanceof BackbeatError) return err;
		throw new Error(`expected a BackbeatError, got ${String(err)}`, { cause: err });
	}
	throw new Error("expected a BackbeatError to be thrown");
}

/** The BackbeatError a promise rejects with; anything else (or success) fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<BackbeatError> {
	try {
		await promise;
	} catch (err) {
		if (err instanceof BackbeatError) return err;
		throw new Error(`expected a BackbeatError, got ${String(err)}`, { cause: err });
	}
	throw new Error("expected the call to fail");
}

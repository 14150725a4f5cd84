import { BackbeatError } from "./backbeat-error.js";

/** One failing field: `path` is dotted (`tracks.0.id`), empty for the root. */
export interface FieldIssue {
	readonly path: string;
	readonly message: string;
}

/** Which value failed: a call's params, an action's result or an event's payload. */
export type ValidatedPart = "params" | "returns" | "payload";

export interface ValidationFailedData {
	readonly target: string;
	readonly part: ValidatedPart;
	readonly issues: readonly FieldIssue[];
}

/** Narrows an error to a validation failure with typed `data.issues`. */
export function isValidationFailed(error: unknown): error is BackbeatError & { readonly data: ValidationFailedData } {
	return (
		error instanceof BackbeatError &&
		(error.code === "VALIDATION_FAILED" || error.code === "RESULT_INVALID") &&
		typeof error.data === "object" &&
		error.data !== null &&
		Array.isArray((error.data as { issues?: unknown }).issues)
	);
}

/**
 * A VALIDATION_FAILED error whose data lists every failing field. A bad
 * result is the callee's fault, so it gets RESULT_INVALID (500) instead.
 */
export function validationFailed(target: string, part: ValidatedPart, issues: readonly FieldIssue[]): BackbeatError {
	const summary = issues.map(issue => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
	const data: ValidationFailedData = { target, part, issues };
	const code = part === "returns" ? "RESULT_INVALID" : "VALIDATION_FAILED";
	return new BackbeatError(code, `Invalid ${part} for '${target}': ${summary}`, { data });
}

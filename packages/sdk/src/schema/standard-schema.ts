import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { FieldIssue } from "../errors/validation-failed.js";

/**
 * Any schema that implements the Standard Schema interface (zod 4, valibot,
 * arktype, ...). Backbeat only talks to schemas through `~standard`, so the
 * schema library is the user's choice.
 */
export type Schema = StandardSchemaV1;

/** The type a caller passes in (before defaults and transforms). */
export type Input<S extends Schema> = StandardSchemaV1.InferInput<S>;

/** The type a handler receives (after defaults and transforms). */
export type Output<S extends Schema> = StandardSchemaV1.InferOutput<S>;

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

export function isSchema(value: unknown): value is Schema {
	if (typeof value !== "object" && typeof value !== "function") return false;
	if (value === null) return false;
	const std = (value as { "~standard"?: { version?: unknown; validate?: unknown } })["~standard"];
	return typeof std === "object" && std !== null && std.version === 1 && typeof std.validate === "function";
}

function pathToString(path: StandardSchemaV1.Issue["path"]): string {
	if (!path) return "";
	return path.map(segment => String(typeof segment === "object" ? segment.key : segment)).join(".");
}

function toResult<T>(result: StandardSchemaV1.Result<T>): ValidationResult<T> {
	if (result.issues === undefined) return { ok: true, value: result.value };
	return {
		ok: false,
		issues: result.issues.map(issue => ({ path: pathToString(issue.path), message: issue.message }))
	};
}

/**
 * Validates through the Standard Schema interface. Synchronous schemas (the
 * common case) return without allocating a promise, which matters on the
 * per-call hot path.
 */
export function validate<S extends Schema>(schema: S, value: unknown): ValidationResult<Output<S>> | Promise<ValidationResult<Output<S>>> {
	let result: StandardSchemaV1.Result<Output<S>> | Promise<StandardSchemaV1.Result<Output<S>>>;
	try {
		result = schema["~standard"].validate(value) as typeof result;
	} catch (err) {
		// A schema that throws on exotic input (a revoked proxy, a getter that
		// throws) is still a validation failure, not a crash of the callee.
		return { ok: false, issues: [{ path: "", message: err instanceof Error ? err.message : String(err) }] };
	}
	return result instanceof Promise ? result.then(toResult) : toResult(result);
}

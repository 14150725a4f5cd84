import { validationFailed, type ValidatedPart } from "../errors/validation-failed.js";
import { validate, type Output, type Schema } from "./standard-schema.js";

/** Validates a value and returns the schema's output, or throws VALIDATION_FAILED/RESULT_INVALID. */
export async function validateOrThrow<S extends Schema>(
	schema: S,
	value: unknown,
	target: string,
	part: ValidatedPart
): Promise<Output<S>> {
	const checked = await validate(schema, value);
	if (!checked.ok) throw validationFailed(target, part, checked.issues);
	return checked.value;
}

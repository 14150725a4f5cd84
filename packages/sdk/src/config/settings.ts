import { BackbeatError } from "../errors/backbeat-error.js";

/**
 * Every option of the SDK is read and checked here, so a bad one fails at
 * start with one message shape: `CONFIG_INVALID`, "<setting>: <what is
 * wrong>", and `data.setting` naming the option (`requestTimeout`) or the
 * environment variable (`BACKBEAT_TRANSPORTER`) it came from.
 */

/** A setting that names where it came from: an option (`transporter`) or a variable (`BACKBEAT_TRANSPORTER`). */
export interface SettingSource {
	readonly setting: string;
}

type Named = SettingSource | string;

function nameOf(source: Named): string {
	return typeof source === "string" ? source : source.setting;
}

export function configError(source: Named, message: string): BackbeatError {
	const setting = nameOf(source);
	return new BackbeatError("CONFIG_INVALID", `${setting}: ${message}`, { data: { setting } });
}

/** An option's value and where it came from; the option wins over its variable, and an empty variable counts as unset. */
export function readSetting<T>(
	option: T | undefined,
	optionName: string,
	env: NodeJS.ProcessEnv,
	envName: string
): { value: T | string | undefined; source: SettingSource } {
	if (option !== undefined) return { value: option, source: { setting: optionName } };
	const fromEnv = env[envName];
	if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: { setting: envName } };
	return { value: undefined, source: { setting: optionName } };
}

/** An integer ≥ 1. */
export function positiveInt(value: unknown, source: Named): number {
	if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
		throw configError(source, `must be a positive integer, got ${String(value)}`);
	return value;
}

/** An integer ≥ `min`. */
export function intAtLeast(value: unknown, min: number, source: Named): number {
	if (typeof value !== "number" || !Number.isInteger(value) || value < min)
		throw configError(source, `must be an integer ≥ ${min}, got ${String(value)}`);
	return value;
}

/** A number from 0 to 1; a variable's text is parsed first. */
export function ratio(value: unknown, source: Named): number {
	const parsed = typeof value === "string" ? Number(value.trim()) : value;
	if (typeof parsed !== "number" || !(parsed >= 0 && parsed <= 1))
		throw configError(source, `must be a number from 0 to 1, got ${JSON.stringify(value)}`);
	return parsed;
}

/** An option that is `true` or `false`. */
export function booleanSetting(value: unknown, source: Named): boolean {
	if (typeof value !== "boolean") throw configError(source, `must be true or false, got ${JSON.stringify(value)}`);
	return value;
}

/** A variable that reads `true` or `false` (any case). */
export function booleanText(text: string, source: Named): boolean {
	const value = text.trim().toLowerCase();
	if (value !== "true" && value !== "false") throw configError(source, `must be true or false, got '${text}'`);
	return value === "true";
}

/** One of a fixed list of names. */
export function oneOf<T extends string>(value: unknown, choices: readonly T[], source: Named): T {
	const chosen = choices.find(choice => choice === value);
	if (chosen === undefined) throw configError(source, `'${String(value)}' is not one of ${choices.join(", ")}`);
	return chosen;
}

/** An `http:` or `https:` URL, normalized. */
export function httpUrl(value: string, source: Named): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw configError(source, `'${value}' is not a URL`);
	}
	if (url.protocol !== "http:" && url.protocol !== "https:") throw configError(source, `must be an http(s) URL, got '${value}'`);
	return url.toString();
}

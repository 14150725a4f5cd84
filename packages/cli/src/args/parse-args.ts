import { BackbeatError } from "@backbeat/sdk";

export interface ParsedArgs {
	readonly positionals: readonly string[];
	readonly flags: Readonly<Record<string, string | true>>;
}

/**
 * `--name value`, `--name=value` and bare `--flag`; anything else is a
 * positional. `booleans` lists the flags that never take a value. Unknown
 * flags are an error naming the flag.
 */
export function parseArgs(
	args: readonly string[],
	known: { readonly booleans: readonly string[]; readonly values: readonly string[] }
): ParsedArgs {
	const positionals: string[] = [];
	const flags: Record<string, string | true> = {};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (!arg.startsWith("--")) {
			positionals.push(arg);
			continue;
		}
		const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
		if (known.booleans.includes(name)) {
			flags[name] = true;
		} else if (known.values.includes(name)) {
			const value = inline ?? args[++i];
			if (value === undefined || value.startsWith("--")) throw usage(`--${name} needs a value`, name);
			flags[name] = value;
		} else {
			throw usage(`unknown option '--${name}'`, name);
		}
	}
	return { positionals, flags };
}

export function usage(message: string, field?: string): BackbeatError {
	return new BackbeatError("BAD_REQUEST", message, { data: { field: field ?? null } });
}

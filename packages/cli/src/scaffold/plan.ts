import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { BackbeatError } from "@backbeat/sdk";

/** A file to create, or an existing file to change. */
export type Change =
	| { readonly kind: "create"; readonly path: string; readonly content: string }
	| { readonly kind: "edit"; readonly path: string; readonly edit: (current: string) => string; readonly describe: string };

/**
 * Checks every change before touching the disk: nothing is created over an
 * existing file and every edited file exists, so a refused plan writes
 * nothing. With `dryRun` it only prints what it would do.
 */
export function applyPlan(root: string, changes: readonly Change[], options: { dryRun: boolean; out: (line: string) => void }): void {
	const conflicts = changes.filter(c => c.kind === "create" && existsSync(join(root, c.path))).map(c => c.path);
	if (conflicts.length) {
		throw new BackbeatError("CONFLICT", `refusing to overwrite existing files: ${conflicts.join(", ")}`, { data: { files: conflicts } });
	}
	const edited = changes.flatMap(c => {
		if (c.kind !== "edit") return [];
		const file = join(root, c.path);
		if (!existsSync(file)) throw new BackbeatError("NOT_FOUND", `cannot edit ${c.path}: it does not exist`, { data: { file: c.path } });
		return [{ change: c, next: c.edit(readFileSync(file, "utf8")) }];
	});
	const verb = options.dryRun ? "would " : "";
	for (const change of changes) {
		if (change.kind === "create") {
			options.out(`${verb}create ${change.path}`);
			if (options.dryRun) options.out(indent(change.content));
		}
	}
	for (const { change, next } of edited) {
		options.out(`${verb}edit   ${change.path} (${change.describe})`);
		if (options.dryRun) options.out(indent(next));
	}
	if (options.dryRun) return;
	for (const change of changes) {
		if (change.kind !== "create") continue;
		const file = join(root, change.path);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, change.content, { flag: "wx" });
	}
	for (const { change, next } of edited) writeFileSync(join(root, change.path), next);
}

function indent(text: string): string {
	return text
		.trimEnd()
		.split("\n")
		.map(line => `    | ${line}`)
		.join("\n");
}

export function relativeTo(from: string, to: string): string {
	const path = relative(from, to);
	return path === "" ? "." : path;
}

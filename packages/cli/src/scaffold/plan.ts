import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BackbeatError } from "@backbeat/sdk";
import { lineDiff } from "./line-diff.js";

/** A file to create, or a change to a file (an existing one, or one created earlier in the same plan). */
export type Change =
	| { readonly kind: "create"; readonly path: string; readonly content: string }
	| { readonly kind: "edit"; readonly path: string; readonly edit: (current: string) => string; readonly describe: string };

/**
 * Works the whole plan out in memory before touching the disk: nothing is
 * created over an existing file, every edited file exists, and every edit
 * succeeds (edits refuse with an error, e.g. a duplicate name), so a refused
 * plan writes nothing. With `dryRun` it prints each new file's content and
 * each edit as a diff, and writes nothing.
 */
export function applyPlan(root: string, changes: readonly Change[], options: { dryRun: boolean; out: (line: string) => void }): void {
	const conflicts = changes.filter(c => c.kind === "create" && existsSync(join(root, c.path))).map(c => c.path);
	if (conflicts.length) {
		throw new BackbeatError("CONFLICT", `refusing to overwrite existing files: ${conflicts.join(", ")}`, {
			data: { files: conflicts }
		});
	}
	const created = new Map<string, string>();
	const edited = new Map<string, { before: string; after: string; describe: string[] }>();
	for (const change of changes) {
		if (change.kind === "create") {
			created.set(change.path, change.content);
			continue;
		}
		const planned = created.get(change.path);
		if (planned !== undefined) {
			created.set(change.path, change.edit(planned));
			continue;
		}
		let entry = edited.get(change.path);
		if (!entry) {
			const file = join(root, change.path);
			if (!existsSync(file))
				throw new BackbeatError("NOT_FOUND", `cannot edit ${change.path}: it does not exist`, { data: { file: change.path } });
			const before = readFileSync(file, "utf8");
			entry = { before, after: before, describe: [] };
			edited.set(change.path, entry);
		}
		entry.after = change.edit(entry.after);
		entry.describe.push(change.describe);
	}
	const verb = options.dryRun ? "would " : "";
	for (const [path, content] of created) {
		options.out(`${verb}create ${path}`);
		if (options.dryRun) options.out(indent(content));
	}
	for (const [path, { before, after, describe }] of edited) {
		options.out(`${verb}edit   ${path} (${describe.join(", ")})`);
		if (options.dryRun) options.out(indent(lineDiff(before, after)));
	}
	if (options.dryRun) return;
	for (const [path, content] of created) {
		const file = join(root, path);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, content, { flag: "wx" });
	}
	for (const [path, { after }] of edited) writeFileSync(join(root, path), after);
}

function indent(text: string): string {
	return text
		.trimEnd()
		.split("\n")
		.map(line => `    | ${line}`)
		.join("\n");
}

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { BackbeatError } from "@backbeat/sdk";
import type { Layout } from "./layout.js";
import { projectLayout } from "./project-layout.js";
import { REFERENCE_PACKAGE, referenceLayout } from "./reference-layout.js";

export interface Project {
	readonly root: string;
	readonly layout: Layout;
}

/** The nearest folder at or above `dir` with a package.json, so commands work from any subfolder. */
function packageRoot(dir: string): { root: string; name: string | undefined } | undefined {
	for (let current = dir; ; current = dirname(current)) {
		const manifest = join(current, "package.json");
		if (existsSync(manifest)) {
			let name: unknown;
			try {
				({ name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown });
			} catch (error) {
				throw new BackbeatError(
					"PRECONDITION_FAILED",
					`${manifest} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it, then run the command again`,
					{ data: { file: manifest } }
				);
			}
			return { root: current, name: typeof name === "string" ? name : undefined };
		}
		if (dirname(current) === current) return undefined;
	}
}

/** The Backbeat project `dir` belongs to, and its layout; a clear error when it is none. */
export function findProject(dir: string): Project {
	const start = resolve(dir);
	const found = packageRoot(start);
	if (found?.name === REFERENCE_PACKAGE) return { root: found.root, layout: referenceLayout };
	const root = found?.root ?? start;
	if (existsSync(join(root, projectLayout.registry))) return { root, layout: projectLayout };
	throw new BackbeatError(
		"NOT_FOUND",
		`${root} is not a Backbeat project: ${projectLayout.registry} is missing (create one with 'backbeat new project')`,
		{
			data: { dir: root }
		}
	);
}

import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The SDK package's folder. */
export const sdkDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const tsc = join(sdkDir, "..", "..", "node_modules", "typescript", "bin", "tsc");

/** Runs `tsc -p project`: its exit status and everything it printed. */
export function typecheck(project: string): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
	return { status: run.status, output: run.stdout + run.stderr };
}

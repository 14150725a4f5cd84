// Services on their default databases keep them under BACKBEAT_DATA_DIR: a test points it at a temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function useTemporaryDataDir(t: { teardown(fn: () => void | Promise<void>): void }): string {
	const dir = mkdtempSync(join(tmpdir(), "backbeat-platform-"));
	const previous = process.env["BACKBEAT_DATA_DIR"];
	process.env["BACKBEAT_DATA_DIR"] = dir;
	t.teardown(() => {
		if (previous === undefined) delete process.env["BACKBEAT_DATA_DIR"];
		else process.env["BACKBEAT_DATA_DIR"] = previous;
		rmSync(dir, { recursive: true, force: true });
	});
	return dir;
}

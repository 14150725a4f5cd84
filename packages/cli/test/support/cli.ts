import { execFile, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const repoRoot = dirname(dirname(cliRoot));
export const bin = join(cliRoot, "dist", "main.js");

/** The environment `backbeat` runs with in tests: no cluster settings leak in from the shell. */
const cliEnv = { ...process.env, BACKBEAT_TRANSPORTER: "", BACKBEAT_NAMESPACE: "", BACKBEAT_CHANNELS_URL: "" };

/** Runs the built `backbeat` with stdin not a terminal, as CI and pipes do. */
export function backbeat(cwd: string, ...args: string[]) {
	return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], env: cliEnv });
}

/** `backbeat()` without blocking this process, for when services in this process must answer it. */
export function backbeatAsync(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
	return promisify(execFile)(process.execPath, [bin, ...args], { cwd, timeout: 60_000, env: cliEnv }).then(
		ok => ({ status: 0, stdout: ok.stdout, stderr: ok.stderr }),
		(err: { code?: number; stdout?: string; stderr?: string }) => ({
			status: typeof err.code === "number" ? err.code : 1,
			stdout: err.stdout ?? "",
			stderr: err.stderr ?? ""
		})
	);
}

/**
 * A `backbeat` command left running (start, dev), stopped when the test ends;
 * its output (stdout and stderr together) can be awaited.
 */
export function runningBackbeat(
	t: { teardown(fn: () => unknown): void },
	cwd: string,
	args: readonly string[],
	env: Record<string, string> = {}
) {
	const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...cliEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	const onData = (chunk: Buffer) => (output += chunk.toString());
	child.stdout.on("data", onData);
	child.stderr.on("data", onData);
	t.teardown(async () => {
		if (child.exitCode === null) {
			child.kill("SIGTERM");
			await once(child, "exit");
		}
	});
	return {
		child,
		output: () => output,
		/** Resolves when `pattern` has appeared `count` times in the output; rejects if the command exits first. */
		waitFor(pattern: RegExp, count = 1): Promise<void> {
			const seen = () => (output.match(new RegExp(pattern.source, "g")) ?? []).length >= count;
			return new Promise((resolve, reject) => {
				if (seen()) return resolve();
				// Bounded, so a hang fails with what the command printed instead of a bare timeout.
				const timer = setTimeout(() => reject(new Error(`no ${pattern} (×${count}) within 60 s; output:\n${output}`)), 60_000);
				const check = () => {
					if (!seen()) return;
					clearTimeout(timer);
					child.stdout.off("data", check);
					child.stderr.off("data", check);
					resolve();
				};
				child.stdout.on("data", check);
				child.stderr.on("data", check);
				child.once("exit", code => {
					clearTimeout(timer);
					if (seen()) resolve();
					else reject(new Error(`exited ${code} before ${pattern}: ${output}`));
				});
			});
		}
	};
}

export function tempDir(t: { teardown(fn: () => void): void }, prefix = "backbeat-cli-"): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	t.teardown(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Every file under `root` (relative, sorted), without installed or built output. */
export function filesUnder(root: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (["node_modules", "dist", ".tap"].includes(entry.name)) continue;
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else out.push(relative(root, path));
		}
	};
	walk(root);
	return out.sort();
}

/** Path and content of every file under `root`, to prove a command changed nothing. */
export function contentsUnder(root: string): Array<[string, string]> {
	return filesUnder(root).map(file => [file, readFileSync(join(root, file), "utf8")]);
}

/** Runs a command of a generated project; resolves with its output even when it fails, so a test can expect failure. */
export function run(cwd: string, command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
	return promisify(execFile)(command, args, { cwd, timeout: 240_000 }).then(
		ok => ({ code: 0, output: ok.stdout + ok.stderr }),
		(err: { code?: number; stdout?: string; stderr?: string }) => ({
			code: typeof err.code === "number" ? err.code : 1,
			output: `${err.stdout ?? ""}${err.stderr ?? ""}`
		})
	);
}

/**
 * A copy of this repository's packages/reference-services in a temporary
 * folder, wired to the repository's installed packages and base tsconfig, so
 * a test can add services to it without touching the real one.
 */
export function copyReferenceServices(t: { teardown(fn: () => void): void }): string {
	const copy = join(tempDir(t, "backbeat-ref-"), "reference-services");
	const source = join(repoRoot, "packages", "reference-services");
	for (const part of ["src", "test", "package.json", "tsconfig.json"]) cpSync(join(source, part), join(copy, part), { recursive: true });
	symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"), "dir");
	const tsconfig = join(copy, "tsconfig.json");
	writeFileSync(
		tsconfig,
		readFileSync(tsconfig, "utf8").replace('"../../tsconfig.base.json"', JSON.stringify(join(repoRoot, "tsconfig.base.json")))
	);
	return copy;
}

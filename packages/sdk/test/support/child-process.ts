import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Test } from "tap";

/**
 * Runs a TypeScript fixture in a child Node process with this process's
 * loaders, waits until it prints "ready", and stops it (SIGTERM) when the
 * test ends.
 */
export async function startChild(t: Test, script: string, env: Record<string, string>): Promise<void> {
	const child = spawn(process.execPath, [...process.execArgv, script], {
		env: { ...process.env, ...env },
		stdio: ["ignore", "pipe", "inherit"]
	});
	t.teardown(async () => {
		if (child.exitCode === null) {
			child.kill("SIGTERM");
			await once(child, "exit");
		}
	});
	let output = "";
	child.stdout.setEncoding("utf8");
	await new Promise<void>((resolve, reject) => {
		child.stdout.on("data", (chunk: string) => {
			output += chunk;
			if (output.includes("ready")) resolve();
		});
		child.once("exit", code => reject(new Error(`${script} exited with ${code} before it was ready`)));
	});
}

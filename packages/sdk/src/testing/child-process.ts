import { spawn } from "node:child_process";
import { once } from "node:events";
import { registerTeardown, type TeardownHost } from "./teardown.js";

/**
 * Runs a script (TypeScript too: the child gets this process's loaders) in a
 * child Node process, waits until it prints "ready", and stops it (SIGTERM)
 * when the test ends. For tests whose services live in several processes.
 */
export async function startChild(t: TeardownHost, script: string, env: Record<string, string>): Promise<void> {
	const child = spawn(process.execPath, [...process.execArgv, script], {
		env: { ...process.env, ...env },
		stdio: ["ignore", "pipe", "inherit"]
	});
	registerTeardown(t, async () => {
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

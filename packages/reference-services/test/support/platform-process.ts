// src/main.ts (what `npm start` runs) in a child process, as a user runs it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

const main = join(import.meta.dirname, "..", "..", "src", "main.ts");

export function runPlatform(env: Record<string, string>, args: readonly string[] = []) {
	const child = spawn(process.execPath, [...process.execArgv, main, ...args], {
		env: { ...process.env, ...env },
		stdio: ["ignore", "pipe", "pipe"]
	});
	let stdout = "";
	let stderr = "";
	child.stdout.setEncoding("utf8").on("data", chunk => (stdout += chunk));
	child.stderr.setEncoding("utf8").on("data", chunk => (stderr += chunk));
	const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
	/** Resolves once the process printed what it runs: the gateway's URL, or "" without a gateway. */
	const ready = new Promise<string>((resolve, reject) => {
		child.stdout.on("data", () => {
			if (!stdout.includes("Ctrl-C stops it.")) return;
			resolve(/Backbeat platform: (http:\/\/\S+)/.exec(stdout)?.[1] ?? "");
		});
		void exited.then(([code]) => reject(new Error(`exited with ${code} before it was ready: ${stderr}`)));
	});
	ready.catch(() => {}); // a run that is meant to fail is never ready; tests that wait for it still see the rejection
	return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Child<Info> {
	/** What the child printed after "ready " (JSON). */
	readonly info: Info;
	/** CPU time the child has used so far (user + system), in µs; Linux only, from /proc. */
	cpuMicros(): number;
	stop(): Promise<void>;
}

const responderScript = new URL("../responders/responder.js", import.meta.url);

/**
 * Starts a responder in its own Node process (so caller and responder don't
 * share an event loop), waits for its "ready" line and returns what it said.
 */
export function startResponder<Info = Record<string, unknown>>(config: Record<string, unknown>): Promise<Child<Info>> {
	return startChild<Info>(responderScript, config);
}

/**
 * Runs `script` (a URL of a compiled module) in its own Node process with
 * `config` as its JSON argument, and waits for the "ready <json>" line it
 * prints once it is serving. `stop()` sends SIGTERM and waits for the exit.
 */
export async function startChild<Info = Record<string, unknown>>(script: URL, config: Record<string, unknown>): Promise<Child<Info>> {
	const child = spawnScript(script, config);
	const info = await new Promise<Info>((resolve, reject) => {
		let output = "";
		child.stdout!.setEncoding("utf8");
		child.stdout!.on("data", (chunk: string) => {
			output += chunk;
			const line = output.split("\n").find(l => l.startsWith("ready"));
			if (line) resolve(JSON.parse(line.slice("ready".length).trim() || "{}") as Info);
		});
		child.once("exit", code =>
			reject(new Error(`${fileURLToPath(script)} ${JSON.stringify(config)} exited with ${code} before it was ready`))
		);
	});
	return {
		info,
		cpuMicros: () => processCpuMicros(child.pid!),
		async stop() {
			if (child.exitCode !== null) return;
			child.kill("SIGTERM");
			await once(child, "exit");
		}
	};
}

/**
 * Runs `script` in its own Node process to completion and returns what it
 * printed on its "result <json>" line. Rejects when it exits non-zero or
 * prints no result (its stderr is passed through, so the cause is visible).
 */
export async function runChild<Result>(script: URL, config: object): Promise<Result> {
	const child = spawnScript(script, config);
	let output = "";
	child.stdout!.setEncoding("utf8");
	child.stdout!.on("data", (chunk: string) => {
		output += chunk;
	});
	// "close", not "exit": the stdout stream may still hold the result when the process exits.
	const [code] = (await once(child, "close")) as [number | null];
	const line = output.split("\n").find(l => l.startsWith("result "));
	if (code !== 0 || line === undefined)
		throw new Error(`${fileURLToPath(script)} exited with ${code}${line === undefined ? " without a result" : ""}`);
	return JSON.parse(line.slice("result ".length)) as Result;
}

/** `script` in a Node process of its own, `config` as its JSON argument; stdout piped, stderr passed through. */
function spawnScript(script: URL, config: object): ChildProcess {
	return spawn(process.execPath, [fileURLToPath(script), JSON.stringify(config)], { stdio: ["ignore", "pipe", "inherit"] });
}

// /proc/<pid>/stat counts in clock ticks; Linux uses 100 per second (USER_HZ).
const TICK_MICROS = 10_000;

/** User + system CPU time of a process from /proc/<pid>/stat (fields 14 and 15), in µs. */
export function processCpuMicros(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
	// The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
	const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
	return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, watch } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";

const HELP = `Usage: backbeat dev [--dir project] [--transporter URL] [--channels URL] [--namespace NS]

Builds the project (its own tsc), runs every service with 'backbeat start'
(in-process unless a transporter is given), and on every change under src/
rebuilds and restarts. A failed build keeps the running services and prints
the errors. Stop with Ctrl-C. --transporter, --channels and --namespace go to
'backbeat start' as given (see 'backbeat start --help' for their defaults).
`;

const cliMain = fileURLToPath(new URL("../main.js", import.meta.url));

function build(root: string, io: Io): boolean {
	const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
	if (!existsSync(tsc)) {
		io.err(`dev: ${tsc} is missing: run 'npm install' in the project first\n`);
		return false;
	}
	const started = Date.now();
	const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { cwd: root, encoding: "utf8" });
	if (result.status !== 0) {
		io.err(`dev: build failed, keeping the running services:\n${result.stdout}${result.stderr}`);
		return false;
	}
	io.out(`dev: built in ${Date.now() - started} ms\n`);
	return true;
}

async function dev(args: readonly string[], io: Io): Promise<number> {
	if (args.includes("--help") || args.includes("-h")) {
		io.out(HELP);
		return EXIT.ok;
	}
	const { positionals, flags } = parseArgs(args, { booleans: [], values: ["dir", "transporter", "channels", "namespace"] });
	if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`);
	const root = resolve(typeof flags["dir"] === "string" ? flags["dir"] : ".");
	if (!existsSync(join(root, "src"))) throw usage(`${root} has no src/ folder: is it a Backbeat project?`, "dir");
	const passOn = [
		"--dir",
		root,
		...(["transporter", "channels", "namespace"] as const).flatMap(f =>
			typeof flags[f] === "string" ? [`--${f}`, flags[f] as string] : []
		)
	];

	let child: ChildProcess | undefined;
	const stopChild = async () => {
		if (!child || child.exitCode !== null) return;
		child.kill("SIGTERM");
		await once(child, "exit");
	};
	const startChild = () => {
		child = spawn(process.execPath, [cliMain, "start", ...passOn], { stdio: ["ignore", "pipe", "inherit"] });
		child.stdout!.on("data", (chunk: Buffer) => io.out(chunk.toString()));
	};

	if (build(root, io)) startChild();
	let timer: NodeJS.Timeout | undefined;
	let restarting = Promise.resolve();
	const watcher = watch(join(root, "src"), { recursive: true }, (_event, file) => {
		clearTimeout(timer);
		// Editors write a file in several steps: wait until they settle.
		timer = setTimeout(() => {
			restarting = restarting.then(async () => {
				io.out(`dev: ${file ?? "a file"} changed, rebuilding\n`);
				if (!build(root, io)) return;
				await stopChild();
				startChild();
				io.out("dev: restarted\n");
			});
		}, 150);
	});
	await new Promise<void>(resolveStop => {
		process.once("SIGINT", resolveStop);
		process.once("SIGTERM", resolveStop);
	});
	watcher.close();
	clearTimeout(timer);
	await restarting;
	await stopChild();
	return EXIT.ok;
}

export const devCommand: Command = { name: "dev", summary: "build, run in embedded mode and restart on change", run: dev };

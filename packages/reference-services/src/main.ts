// `npm start`: the whole platform in this process. PORT (default 3000) and
// BACKBEAT_DATA_DIR (default ./data) move it; Ctrl-C stops it cleanly.
// `--services gateway,users` (or BACKBEAT_SERVICES) runs only those parts,
// for a distributed platform whose processes meet over BACKBEAT_TRANSPORTER.
import { createServer } from "node:net";
import { webPlayerDir } from "./gateway/player-dir.js";
import { parsePlatformParts, PLATFORM_PARTS, type PlatformPart, startPlatform } from "./platform.js";

function fail(message: string): never {
	process.stderr.write(`backbeat: ${message}\n`);
	process.exit(1);
}

const flag = process.argv.indexOf("--services");
const selection = flag >= 0 ? process.argv[flag + 1] : process.env["BACKBEAT_SERVICES"];
let parts: PlatformPart[] = [...PLATFORM_PARTS];
if (selection !== undefined) {
	try {
		parts = parsePlatformParts(selection, flag >= 0 ? "--services" : "BACKBEAT_SERVICES");
	} catch (error) {
		fail((error as Error).message);
	}
}
const withGateway = parts.includes("gateway");

const portText = process.env["PORT"] || "3000";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65_535) fail(`PORT must be a port number from 0 to 65535, got '${portText}'`);

const portProblem = (code: unknown) =>
	code === "EADDRINUSE"
		? `port ${port} is in use: stop what uses it or start with PORT=<another port>`
		: code === "EACCES"
			? `port ${port} needs privileges this user lacks: start with PORT=<a port above 1023>`
			: undefined;

// moleculer-web ends the process with a stack trace when the port is taken; asking first gives one line instead.
if (withGateway && port !== 0) {
	const probe = createServer();
	const code = await new Promise<unknown>(resolve => {
		probe.once("error", error => resolve((error as NodeJS.ErrnoException).code));
		probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(undefined)));
	});
	const problem = portProblem(code);
	if (problem) fail(problem);
}

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
	platform = await startPlatform({ port, services: parts });
} catch (error) {
	fail(portProblem((error as { code?: unknown }).code) ?? (error instanceof Error ? error.message : String(error)));
}

const { url } = platform;
process.stdout.write(
	[
		...(withGateway
			? [
					`Backbeat platform: ${url}`,
					`Web player:        ${webPlayerDir() ? `${url}/` : "not built: run npm run build"}`,
					`API docs:          ${url}/api/docs`,
					`Traces:            ${url}/traces`
				]
			: []),
		`Services:          ${parts.join(", ")}`,
		`Data:              ${process.env["BACKBEAT_DATABASE_URL"] ? "BACKBEAT_DATABASE_URL" : process.env["BACKBEAT_DATA_DIR"] || "./data"}`,
		"Ctrl-C stops it.",
		""
	].join("\n")
);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
	if (stopping) return;
	stopping = true;
	process.stdout.write(`${signal}: stopping…\n`);
	platform.stop().then(
		() => process.exit(0),
		error => fail(`stopping failed: ${error instanceof Error ? error.message : String(error)}`)
	);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BackbeatError, createBroker, type ServiceDefinition } from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";

export const START_HELP = `Usage: backbeat start [--services a,b] [--transporter URL] [--channels URL] [--namespace NS] [--dir project]

Runs the project's built services (dist/src/services/index.js) until SIGINT or SIGTERM.
  --services     names of the services to run, comma separated (default: all)
  --transporter  e.g. nats://127.0.0.1:4222 to join a distributed cluster
                 (default: BACKBEAT_TRANSPORTER, else in-process: every service in this process)
  --channels     durable channels for outbox events and consumers: nats://… (JetStream)
                 or redis://… (default: BACKBEAT_CHANNELS_URL, else in-process when the
                 transporter is, else none: services with a database then refuse to start)
  --namespace    default: BACKBEAT_NAMESPACE, else none
  --dir          the project (default: .)
`;

/** The project's service list, filtered by name; unknown names are an error listing the known ones. */
export async function loadServices(projectDir: string, only: readonly string[] | undefined): Promise<ServiceDefinition[]> {
	const index = join(projectDir, "dist", "src", "services", "index.js");
	if (!existsSync(index)) {
		throw new BackbeatError("NOT_FOUND", `no ${index}: run 'npm run build' in the project first`, { data: { dir: projectDir } });
	}
	const { services } = (await import(pathToFileURL(index).href)) as { services?: ServiceDefinition[] };
	if (!Array.isArray(services))
		throw new BackbeatError("NOT_FOUND", `${index} does not export a 'services' list`, { data: { dir: projectDir } });
	if (!only) return services;
	const known = services.map(s => s.name);
	const unknown = only.filter(name => !known.includes(name));
	if (unknown.length) throw usage(`unknown service '${unknown.join("', '")}' (known: ${known.join(", ")})`, "services");
	return services.filter(s => only.includes(s.name));
}

async function start(args: readonly string[], io: Io): Promise<number> {
	if (args.includes("--help") || args.includes("-h")) {
		io.out(START_HELP);
		return EXIT.ok;
	}
	const { positionals, flags } = parseArgs(args, { booleans: [], values: ["services", "transporter", "channels", "namespace", "dir"] });
	if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`);
	const only =
		typeof flags["services"] === "string"
			? flags["services"]
					.split(",")
					.map(s => s.trim())
					.filter(Boolean)
			: undefined;
	const services = await loadServices(resolve(typeof flags["dir"] === "string" ? flags["dir"] : "."), only);
	const transporter =
		typeof flags["transporter"] === "string" ? flags["transporter"] : process.env["BACKBEAT_TRANSPORTER"] || "in-process";
	const namespace = typeof flags["namespace"] === "string" ? flags["namespace"] : process.env["BACKBEAT_NAMESPACE"];
	const channels = typeof flags["channels"] === "string" ? flags["channels"] : undefined;
	const broker = createBroker({
		transporter,
		services,
		logLevel: "warn",
		...(namespace ? { namespace } : {}),
		...(channels ? { channels } : {})
	});
	await broker.start();
	io.out(`started ${services.map(s => s.name).join(", ")} on ${transporter}${namespace ? ` (namespace ${namespace})` : ""}\n`);
	await new Promise<void>(resolveStop => {
		process.once("SIGINT", resolveStop);
		process.once("SIGTERM", resolveStop);
	});
	await broker.stop();
	io.out("stopped\n");
	return EXIT.ok;
}

export const startCommand: Command = {
	name: "start",
	summary: "run the project's built services: start [--services a,b] [--transporter URL]",
	run: start
};

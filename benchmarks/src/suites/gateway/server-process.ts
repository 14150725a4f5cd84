// A server process of the gateway suite. Argument: JSON `ServerConfig`.
// Prints "ready {port, pid}" once it listens, and stops on SIGTERM. Each
// variant imports only what it serves with (node:http loads no Moleculer).
import type { RunningServer } from "./running-server.js";

export type ServerConfig = { kind: "node:http" } | { kind: "moleculer-web" } | { kind: "backbeat"; secret: string; tracing: boolean };

export interface ServerInfo {
	readonly port: number;
	/** For the load process to read the server's CPU time around its measured runs. */
	readonly pid: number;
}

async function start(config: ServerConfig): Promise<RunningServer> {
	switch (config.kind) {
		case "node:http":
			return (await import("./bare-http-server.js")).startBareHttp();
		case "moleculer-web":
			return (await import("./moleculer-web-server.js")).startMoleculerWeb();
		case "backbeat":
			return (await import("./backbeat-server.js")).startBackbeat(config.secret, config.tracing);
	}
}

const server = await start(JSON.parse(process.argv[2] ?? "{}") as ServerConfig);
const info: ServerInfo = { port: server.port, pid: process.pid };
process.stdout.write(`ready ${JSON.stringify(info)}\n`);

process.once("SIGTERM", () => {
	void server.stop().finally(() => process.exit(0));
});

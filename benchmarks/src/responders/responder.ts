// A responder process for the benchmarks. Argument: JSON config. Prints
// "ready <json>" when it can be called, and stops on SIGTERM.
import { createBroker, type TracingOptions } from "@backbeat/sdk";
import { ServiceBroker } from "moleculer";
import { rawEchoService, sdkEchoService } from "./echo-services.js";
import { asTransporter } from "./moleculer-transporter.js";
import { startNatsEcho, startTcpEcho } from "./raw-servers.js";

type Config =
	| { kind: "moleculer"; transporter: unknown; namespace: string; nodeID: string; serializer?: string; disableBalancer?: boolean }
	| { kind: "sdk"; transporter: string; namespace: string; nodeID: string; tracing?: TracingOptions | boolean }
	| { kind: "raw-tcp" }
	| { kind: "raw-nats"; url: string; subject: string };

const config = JSON.parse(process.argv[2] ?? "{}") as Config;
let stop: () => Promise<unknown>;

switch (config.kind) {
	case "moleculer": {
		const broker = new ServiceBroker({
			namespace: config.namespace,
			nodeID: config.nodeID,
			transporter: asTransporter(config.transporter),
			serializer: (config.serializer ?? "JSON") as "JSON",
			disableBalancer: config.disableBalancer ?? false,
			logger: false
		});
		broker.createService(rawEchoService);
		await broker.start();
		stop = () => broker.stop();
		const port = (broker.transit?.tx as unknown as { opts?: { port?: number } } | undefined)?.opts?.port;
		process.stdout.write(`ready ${JSON.stringify({ port })}\n`);
		break;
	}
	case "sdk": {
		const broker = createBroker({
			transporter: config.transporter,
			namespace: config.namespace,
			nodeID: config.nodeID,
			logLevel: "error",
			services: [sdkEchoService],
			...(config.tracing === undefined ? {} : { tracing: config.tracing })
		});
		await broker.start();
		stop = () => broker.stop();
		process.stdout.write("ready {}\n");
		break;
	}
	case "raw-tcp": {
		const { server, port } = await startTcpEcho();
		stop = () => new Promise(resolve => server.close(resolve));
		process.stdout.write(`ready ${JSON.stringify({ port })}\n`);
		break;
	}
	case "raw-nats": {
		const nc = await startNatsEcho(config.url, config.subject);
		stop = () => nc.drain();
		process.stdout.write("ready {}\n");
		break;
	}
}

process.once("SIGTERM", () => {
	void stop().finally(() => process.exit(0));
});

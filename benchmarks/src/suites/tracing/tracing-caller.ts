// A caller process of the tracing suite: one variant per process. Argument:
// JSON config. Measures every in-flight level, prints "result <json>", exits.
//
// Why a process per variant: V8 optimises the call path (Moleculer's
// middleware chain, the SDK client) for the shapes it has seen. In one
// process, running traced calls first made the untraced ones ~40 % slower
// afterwards, so the rows measured their order, not tracing.
import { client, createBroker, type TracingOptions } from "@backbeat/sdk";
import { ServiceBroker } from "moleculer";
import { loadOptions, runLoad, type LoadResult } from "../../runner/load.js";
import { EchoContract, payloadOf, rawEchoService, sdkEchoService } from "../../responders/echo-services.js";
import { asTransporter } from "../../responders/moleculer-transporter.js";

export interface TracingCallerConfig {
	/** Raw Moleculer, or the SDK with these tracing settings (false: off). */
	readonly subject: { kind: "raw" } | { kind: "sdk"; tracing: TracingOptions | false };
	/** In-process: the broker calls its own service. Otherwise a NATS URL and the responder's namespace. */
	readonly remote?: { readonly url: string; readonly namespace: string };
	readonly inFlight: readonly number[];
	readonly quick: boolean;
	readonly payloadBytes: number;
}

export interface TracingCallerResult {
	/** One entry per `inFlight` level, same order. */
	readonly runs: readonly LoadResult[];
	/** Every call made, warm-ups included: what a responder's CPU time is divided by. */
	readonly totalCalls: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as TracingCallerConfig;
const payload = payloadOf(config.payloadBytes);
const { remote } = config;

async function main(): Promise<TracingCallerResult> {
	let broker: ServiceBroker;
	let call: () => Promise<unknown>;
	if (config.subject.kind === "raw") {
		broker = new ServiceBroker({
			logger: false,
			...(remote ? { namespace: remote.namespace, nodeID: `${remote.namespace}-caller`, transporter: asTransporter(remote.url) } : {})
		});
		if (!remote) broker.createService(rawEchoService);
		call = () => broker.call("echo.echo", payload);
	} else {
		const sdk = createBroker({
			logLevel: "error",
			tracing: config.subject.tracing,
			...(remote
				? { namespace: remote.namespace, nodeID: `${remote.namespace}-caller`, transporter: remote.url }
				: { services: [sdkEchoService] })
		});
		broker = sdk;
		const echo = client(sdk, EchoContract);
		call = () => echo.echo(payload);
	}
	await broker.start();
	try {
		await broker.waitForServices([config.subject.kind === "raw" ? "echo" : "v1.sdk-echo"], 15_000);
		let totalCalls = 0;
		const counted = () => {
			totalCalls++;
			return call();
		};
		const runs: LoadResult[] = [];
		for (const inFlight of config.inFlight) runs.push(await runLoad(counted, loadOptions(config.quick, inFlight)));
		return { runs, totalCalls };
	} finally {
		await broker.stop();
	}
}

main().then(
	result => {
		process.stdout.write(`result ${JSON.stringify(result)}\n`);
		process.exit(0);
	},
	(err: unknown) => {
		process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
		process.exit(1);
	}
);

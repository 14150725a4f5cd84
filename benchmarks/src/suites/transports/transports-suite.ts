import { randomBytes } from "node:crypto";
import { ServiceBroker } from "moleculer";
import { startMoleculerPair } from "../moleculer-pair.js";
import { startResponder } from "../../runner/child.js";
import { loadOptions, runLoad } from "../../runner/load.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { payloadOf, rawEchoService } from "../../responders/echo-services.js";
import { natsPublishReplyClient, natsRequestClient, tcpClient, type RawClient } from "../raw-clients.js";

const NATS_URL = process.env["BACKBEAT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
const TRANSPORTERS: ReadonlyArray<{ name: string; config: (port?: number, nodeID?: string) => unknown }> = [
	{
		name: "tcp",
		config: (port, nodeID) =>
			port === undefined
				? { type: "TCP", options: { udpDiscovery: false, port: 0 } }
				: { type: "TCP", options: { udpDiscovery: false, urls: [`127.0.0.1:${port}/${nodeID}`] } }
	},
	{ name: "nats", config: () => NATS_URL },
	{ name: "redis", config: () => process.env["BACKBEAT_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379" },
	{ name: "amqp", config: () => process.env["BACKBEAT_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672" },
	{ name: "mqtt", config: () => process.env["BACKBEAT_TEST_MQTT_URL"] ?? "mqtt://127.0.0.1:1883" }
];
const SIZES = [100, 1024, 10 * 1024];
const IN_FLIGHT = [1, 64];

const sizeLabel = (bytes: number) => (bytes >= 1024 ? `${bytes / 1024}KB` : `${bytes}B`);

/** Runs every size × concurrency case of one call function into the group `<transport> <size> ×<n>`. */
async function sweep(
	context: SuiteContext,
	transport: string,
	variant: string,
	baseline: boolean,
	call: (payload: unknown) => Promise<unknown>
): Promise<void> {
	for (const size of SIZES) {
		const payload = payloadOf(size);
		for (const inFlight of IN_FLIGHT) {
			const group = `${transport} ${sizeLabel(size)} ×${inFlight}`;
			context.progress(`${group} · ${variant}`);
			const result = await runLoad(() => call(payload), loadOptions(context.quick, inFlight));
			context.record({
				group,
				variant,
				baseline,
				opsPerSec: result.opsPerSec,
				p50Ms: result.p50Ms,
				p99Ms: result.p99Ms,
				...(result.errors ? { extra: { errors: result.errors } } : {})
			});
		}
	}
}

async function withRaw(client: RawClient, fn: (client: RawClient) => Promise<void>): Promise<void> {
	try {
		await fn(client);
	} finally {
		await client.close();
	}
}

export const transportsSuite: Suite = {
	name: "transports",
	description:
		"Echo calls between two processes (in-process: one broker) for each Moleculer transporter, next to raw baselines doing the same JSON decode/re-encode: a length-prefixed TCP echo, NATS publish with a reply subject, nats.js request(). Ratios compare within a transport: Moleculer over X / raw X.",
	servers: ["nats", "redis", "amqp", "mqtt"],
	unit: "calls/s",
	async run(context) {
		const local = new ServiceBroker({ logger: false });
		local.createService(rawEchoService);
		await local.start();
		await sweep(context, "in-process", "moleculer", true, payload => local.call("echo.echo", payload));
		await local.stop();

		const tcpEcho = await startResponder<{ port: number }>({ kind: "raw-tcp" });
		await withRaw(await tcpClient(tcpEcho.info.port), raw => sweep(context, "tcp", "raw tcp echo", true, p => raw.call(p)));
		await tcpEcho.stop();

		const subject = `bench.echo.${randomBytes(3).toString("hex")}`;
		const natsEcho = await startResponder({ kind: "raw-nats", url: NATS_URL, subject });
		await withRaw(await natsPublishReplyClient(NATS_URL, subject), raw =>
			sweep(context, "nats", "raw publish/reply", true, p => raw.call(p))
		);
		await withRaw(await natsRequestClient(NATS_URL, subject), raw =>
			sweep(context, "nats", "raw nats.js request()", false, p => raw.call(p))
		);
		await natsEcho.stop();

		for (const transport of TRANSPORTERS) {
			const pair = await startMoleculerPair(transport.config);
			// Transports with no raw baseline here use Moleculer itself as their group's baseline.
			const hasRaw = transport.name === "tcp" || transport.name === "nats";
			await sweep(context, transport.name, "moleculer", !hasRaw, payload => pair.caller.call("echo.echo", payload));
			await pair.stop();
			if (transport.name === "amqp") {
				const tuned = await startMoleculerPair(transport.config, { amqpTuned: true });
				await sweep(context, "amqp", "moleculer + noDelay, prefetch 64", false, payload => tuned.caller.call("echo.echo", payload));
				await tuned.stop();
			}
		}
	}
};

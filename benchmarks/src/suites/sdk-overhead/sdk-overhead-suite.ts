import { randomBytes } from "node:crypto";
import { client, createBroker } from "@backbeat/sdk";
import { ServiceBroker } from "moleculer";
import { startResponder } from "../../runner/child.js";
import { loadOptions, runLoad } from "../../runner/load.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { EchoContract, payloadOf, rawEchoService, sdkEchoService } from "../../responders/echo-services.js";
import { asTransporter } from "../../responders/moleculer-transporter.js";
import { natsPublishReplyClient } from "../raw-clients.js";

const NATS_URL = process.env["BACKBEAT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
const IN_FLIGHT = [1, 64];

async function measure(
	context: SuiteContext,
	group: string,
	variant: string,
	baseline: boolean,
	inFlight: number,
	call: () => Promise<unknown>,
	extra?: (opsPerSec: number) => Record<string, number>
): Promise<number> {
	context.progress(`${group} · ${variant}`);
	// Best of 3: the SDK and raw rows differ by a few percent, less than one run's noise here.
	const result = await runLoad(call, loadOptions(context.quick, inFlight, 3));
	context.record({
		group,
		variant,
		baseline,
		opsPerSec: result.opsPerSec,
		p50Ms: result.p50Ms,
		p99Ms: result.p99Ms,
		...(extra ? { extra: extra(result.opsPerSec) } : {})
	});
	return result.opsPerSec;
}

async function inProcess(context: SuiteContext, payload: { data: string }): Promise<void> {
	const raw = new ServiceBroker({ logger: false });
	raw.createService(rawEchoService);
	const sdk = createBroker({ logLevel: "error", services: [sdkEchoService] });
	await Promise.all([raw.start(), sdk.start()]);
	try {
		for (const inFlight of IN_FLIGHT) {
			const group = `in-process 1KB ×${inFlight}`;
			await measure(context, group, "raw moleculer", true, inFlight, () => raw.call("echo.echo", payload));
			await measure(context, group, "sdk (client, validation, deadline, retry, breaker)", false, inFlight, () =>
				client(sdk, EchoContract).echo(payload)
			);
		}
	} finally {
		await Promise.all([raw.stop(), sdk.stop()]);
	}
}

async function overNats(context: SuiteContext, payload: { data: string }): Promise<void> {
	const namespace = `bench-${randomBytes(3).toString("hex")}`;
	const subject = `bench.echo.${namespace}`;
	const natsEcho = await startResponder({ kind: "raw-nats", url: NATS_URL, subject });
	const rawResponder = await startResponder({
		kind: "moleculer",
		transporter: NATS_URL,
		namespace: `${namespace}-raw`,
		nodeID: `${namespace}-raw-r`
	});
	const sdkResponder = await startResponder({
		kind: "sdk",
		transporter: NATS_URL,
		namespace: `${namespace}-sdk`,
		nodeID: `${namespace}-sdk-r`
	});
	const raw = new ServiceBroker({
		namespace: `${namespace}-raw`,
		nodeID: `${namespace}-raw-c`,
		transporter: asTransporter(NATS_URL),
		logger: false
	});
	const sdk = createBroker({ namespace: `${namespace}-sdk`, nodeID: `${namespace}-sdk-c`, transporter: NATS_URL, logLevel: "error" });
	const natsRaw = await natsPublishReplyClient(NATS_URL, subject);
	try {
		await Promise.all([raw.start(), sdk.start()]);
		await Promise.all([raw.waitForServices(["echo"], 15_000), sdk.waitForServices(["v1.sdk-echo"], 15_000)]);
		for (const inFlight of IN_FLIGHT) {
			const group = `nats 1KB ×${inFlight}`;
			const floor = await measure(context, group, "raw nats publish/reply", false, inFlight, () => natsRaw.call(payload));
			await measure(context, group, "raw moleculer", true, inFlight, () => raw.call("echo.echo", payload));
			await measure(
				context,
				group,
				"sdk (client, validation, deadline, retry, breaker)",
				false,
				inFlight,
				() => client(sdk, EchoContract).echo(payload),
				ops => ({
					"÷ raw NATS": Number((ops / floor).toFixed(2))
				})
			);
		}
	} finally {
		await Promise.all([raw.stop(), sdk.stop(), natsRaw.close()]);
		await Promise.all([natsEcho.stop(), rawResponder.stop(), sdkResponder.stop()]);
	}
}

export const sdkOverheadSuite: Suite = {
	name: "sdk-overhead",
	description:
		"The same ~1 KB echo through raw Moleculer and through the SDK (typed client, params and result validation, deadline, retry and circuit-breaker wiring), in-process and over NATS between two processes. Ratio = SDK / raw Moleculer; the NATS rows also give SDK / raw NATS publish-reply.",
	servers: ["nats"],
	unit: "calls/s",
	async run(context) {
		const payload = payloadOf(1024);
		await inProcess(context, payload);
		await overNats(context, payload);
	}
};

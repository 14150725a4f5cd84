import { randomBytes } from "node:crypto";
import { client, createBroker, type TracingOptions } from "@backbeat/sdk";
import { ServiceBroker } from "moleculer";
import { startResponder, type Child } from "../../runner/child.js";
import { loadOptions, runLoad } from "../../runner/load.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { EchoContract, payloadOf, rawEchoService, sdkEchoService } from "../../responders/echo-services.js";
import { asTransporter } from "../../responders/moleculer-transporter.js";

const NATS_URL = process.env["BACKBEAT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
const IN_FLIGHT = [1, 64];

/**
 * Tracing off, 10 % and 100 % of new traces sampled. Spans go to the
 * in-memory store (embedded mode), the exporter with no network cost of its
 * own, so the rows measure span creation, propagation and recording.
 */
const LEVELS: ReadonlyArray<{ variant: string; tracing: TracingOptions | false }> = [
	{ variant: "sdk, tracing off", tracing: false },
	{ variant: "sdk, tracing 10% sampled", tracing: { sampleRatio: 0.1 } },
	{ variant: "sdk, tracing 100% sampled", tracing: { sampleRatio: 1 } }
];

async function measure(context: SuiteContext, group: string, variant: string, baseline: boolean, inFlight: number, call: () => Promise<unknown>): Promise<void> {
	context.progress(`${group} · ${variant}`);
	// Best of 3, as in sdk-overhead: the rows differ by less than one run's noise on a shared machine.
	const result = await runLoad(call, loadOptions(context.quick, inFlight, 3));
	context.record({ group, variant, baseline, opsPerSec: result.opsPerSec, p50Ms: result.p50Ms, p99Ms: result.p99Ms });
}

async function inProcess(context: SuiteContext, payload: { data: string }): Promise<void> {
	const raw = new ServiceBroker({ logger: false });
	raw.createService(rawEchoService);
	const brokers = LEVELS.map(level => createBroker({ logLevel: "error", tracing: level.tracing, services: [sdkEchoService] }));
	await Promise.all([raw.start(), ...brokers.map(b => b.start())]);
	try {
		for (const inFlight of IN_FLIGHT) {
			const group = `in-process 1KB ×${inFlight}`;
			await measure(context, group, "raw moleculer", false, inFlight, () => raw.call("echo.echo", payload));
			for (const [i, level] of LEVELS.entries()) {
				const broker = brokers[i]!;
				await measure(context, group, level.variant, i === 0, inFlight, () => client(broker, EchoContract).echo(payload));
			}
		}
	} finally {
		await Promise.all([raw.stop(), ...brokers.map(b => b.stop())]);
	}
}

async function overNats(context: SuiteContext, payload: { data: string }): Promise<void> {
	const namespace = `bench-${randomBytes(3).toString("hex")}`;
	const responders: Child<unknown>[] = [];
	const callers: ServiceBroker[] = [];
	try {
		responders.push(await startResponder({ kind: "moleculer", transporter: NATS_URL, namespace: `${namespace}-raw`, nodeID: `${namespace}-raw-r` }));
		const raw = new ServiceBroker({ namespace: `${namespace}-raw`, nodeID: `${namespace}-raw-c`, transporter: asTransporter(NATS_URL), logger: false });
		callers.push(raw);
		const sdk: ServiceBroker[] = [];
		for (const [i, level] of LEVELS.entries()) {
			// The responder traces too (its sampler follows the caller's decision), as a traced deployment would.
			responders.push(await startResponder({ kind: "sdk", transporter: NATS_URL, namespace: `${namespace}-${i}`, nodeID: `${namespace}-${i}-r`, tracing: level.tracing }));
			const broker = createBroker({ namespace: `${namespace}-${i}`, nodeID: `${namespace}-${i}-c`, transporter: NATS_URL, logLevel: "error", tracing: level.tracing });
			sdk.push(broker);
			callers.push(broker);
		}
		await Promise.all(callers.map(b => b.start()));
		await Promise.all([raw.waitForServices(["echo"], 15_000), ...sdk.map(b => b.waitForServices(["v1.sdk-echo"], 15_000))]);
		for (const inFlight of IN_FLIGHT) {
			const group = `nats 1KB ×${inFlight}`;
			await measure(context, group, "raw moleculer", false, inFlight, () => raw.call("echo.echo", payload));
			for (const [i, level] of LEVELS.entries()) {
				const broker = sdk[i]!;
				await measure(context, group, level.variant, i === 0, inFlight, () => client(broker, EchoContract).echo(payload));
			}
		}
	} finally {
		await Promise.all(callers.map(b => b.stop()));
		await Promise.all(responders.map(r => r.stop()));
	}
}

export const tracingSuite: Suite = {
	name: "tracing",
	description:
		"The cost of OpenTelemetry tracing: the same ~1 KB echo through the SDK with tracing off, 10% and 100% of traces sampled (client and server spans per call, W3C context in the request headers, spans kept by the in-memory store), in-process and over NATS between two processes, next to raw Moleculer. Ratio = calls/s ÷ the SDK with tracing off.",
	servers: ["nats"],
	unit: "calls/s",
	async run(context) {
		const payload = payloadOf(1024);
		await inProcess(context, payload);
		await overNats(context, payload);
	}
};

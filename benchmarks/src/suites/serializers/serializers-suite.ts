import Benchmark from "benchmark";
import { Serializers, ServiceBroker } from "moleculer";
import { startMoleculerPair } from "../moleculer-pair.js";
import { loadOptions, runLoad } from "../../runner/load.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { payloadOf } from "../../responders/echo-services.js";

// The serializers Moleculer 0.15 ships (it removed Avro, ProtoBuf and Thrift).
const SERIALIZERS = ["JSON", "JSONExt", "MsgPack", "Notepack", "CBOR"] as const;
const NATS_URL = process.env["BACKBEAT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";

/** A request packet as the transit builds it, carrying ~1 KB of params. */
function requestPacket() {
	return {
		ver: "5",
		sender: "caller-node",
		id: "2f2d7a52-4b53-4c1e-9c4e-5f0f3f1b9d11",
		action: "echo.echo",
		params: { ...payloadOf(900), count: 42, ok: true, tags: ["a", "b", "c"], nested: { at: "2026-11-28T00:00:00.000Z", n: 1.5 } },
		meta: { tenant: "acme" },
		timeout: 10000,
		level: 1,
		tracing: null,
		parentID: null,
		requestID: "2f2d7a52-4b53-4c1e-9c4e-5f0f3f1b9d11",
		caller: null,
		stream: false
	};
}

/** benchmark.js measures one synchronous function; its mean is over many samples. */
function opsPerSec(fn: () => unknown, quick: boolean): Promise<{ hz: number; rme: number }> {
	return new Promise((resolve, reject) => {
		const bench = new Benchmark(fn, {
			maxTime: quick ? 0.05 : 1,
			minSamples: quick ? 2 : 20,
			onComplete: () => resolve({ hz: bench.hz, rme: bench.stats.rme }),
			onError: (event: { target: { error: Error } }) => reject(event.target.error)
		});
		bench.run();
	});
}

async function codecs(context: SuiteContext): Promise<void> {
	const broker = new ServiceBroker({ logger: false });
	const packet = requestPacket();
	for (const name of SERIALIZERS) {
		const serializer = Serializers.resolve(name);
		serializer.init(broker);
		const encoded = serializer.serialize(packet, "REQ");
		context.progress(`codec ${name}`);
		const encode = await opsPerSec(() => serializer.serialize(packet, "REQ"), context.quick);
		const decode = await opsPerSec(() => serializer.deserialize(encoded, "REQ"), context.quick);
		const extra = { bytes: encoded.length };
		context.record({
			group: "encode 1KB request",
			variant: name,
			baseline: name === "JSON",
			opsPerSec: encode.hz,
			extra: { ...extra, "±%": encode.rme.toFixed(1) }
		});
		context.record({
			group: "decode 1KB request",
			variant: name,
			baseline: name === "JSON",
			opsPerSec: decode.hz,
			extra: { ...extra, "±%": decode.rme.toFixed(1) }
		});
	}
}

async function endToEnd(context: SuiteContext): Promise<void> {
	const payload = payloadOf(1024);
	for (const name of SERIALIZERS) {
		const pair = await startMoleculerPair(() => NATS_URL, { serializer: name });
		try {
			const group = "nats 1KB ×64 end-to-end";
			context.progress(`${group} · ${name}`);
			const result = await runLoad(() => pair.caller.call("echo.echo", payload), loadOptions(context.quick, 64));
			context.record({
				group,
				variant: name,
				baseline: name === "JSON",
				opsPerSec: result.opsPerSec,
				p50Ms: result.p50Ms,
				p99Ms: result.p99Ms
			});
		} finally {
			await pair.stop();
		}
	}
}

export const serializersSuite: Suite = {
	name: "serializers",
	description:
		"Moleculer 0.15's serializers on a ~1 KB request packet: encode and decode ops/s (benchmark.js) and encoded bytes, then end-to-end echo calls over NATS with each serializer on both sides. Ratios are against JSON.",
	servers: ["nats"],
	unit: "ops/s",
	async run(context) {
		await codecs(context);
		await endToEnd(context);
	}
};

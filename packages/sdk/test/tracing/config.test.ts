import t from "tap";
import { client, createBroker, defineContract, defineService } from "../../src/index.js";
import { traceIdOf, traceStore } from "../../src/tracing/index.js";
import { startOtlpReceiver, startTestBroker } from "../../src/testing/index.js";
import { thrownBy } from "../support/failures.js";
import { z } from "zod";

const Probe = defineContract({
	name: "probe",
	version: 1,
	actions: {
		headers: { params: z.object({}), returns: z.object({ traceparent: z.string().nullable(), traceId: z.string().nullable() }) }
	}
});
const probeService = defineService(Probe, {
	actions: {
		headers: ctx => ({
			traceparent: typeof ctx.headers?.["traceparent"] === "string" ? ctx.headers["traceparent"] : null,
			traceId: traceIdOf(ctx) ?? null
		})
	}
});

t.test("tracing is off by default: no store, no headers, no trace id in handlers", async t => {
	const broker = await startTestBroker(t, { services: [probeService] });
	t.equal(traceStore(broker), undefined);
	t.same(await client(broker, Probe).headers({}), { traceparent: null, traceId: null });
});

t.test("on with `tracing: true`: the memory store is the default exporter", async t => {
	const broker = await startTestBroker(t, { tracing: true, services: [probeService] });
	const seen = await client(broker, Probe).headers({});
	t.match(seen.traceId, /^[0-9a-f]{32}$/);
	t.same(
		traceStore(broker)
			?.list()
			.map(trace => trace.traceId),
		[seen.traceId]
	);
});

t.test("which variables turn tracing on and off", async t => {
	const enabled = (options: Parameters<typeof createBroker>[0], env: NodeJS.ProcessEnv) => {
		const broker = createBroker({ logLevel: "error", ...options }, env);
		// With OTLP on, the memory store is off by default: ask for it so the check is uniform.
		return traceStore(broker) !== undefined;
	};
	const memory = { memory: { maxTraces: 5 } };
	t.equal(enabled({}, {}), false, "nothing set: off");
	t.equal(enabled({ tracing: memory }, {}), true, "options given: on");
	t.equal(enabled({ tracing: memory }, { OTEL_SDK_DISABLED: "true" }), false, "OTEL_SDK_DISABLED=true turns it off");
	t.equal(
		enabled({ tracing: { ...memory, enabled: true } }, { OTEL_SDK_DISABLED: "true" }),
		true,
		"an explicit enabled wins over the variable"
	);
	t.equal(enabled({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }), false, "OTLP only: no memory store by default");
	t.equal(enabled({ tracing: memory }, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }), true);
	t.equal(enabled({ tracing: false }, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }), false, "tracing: false wins");
});

t.test("an OTLP variable alone turns tracing on, and spans reach that endpoint", async t => {
	const receiver = await startOtlpReceiver(t);
	const base = receiver.url.replace(/\/v1\/traces$/, "");
	for (const env of [
		{ OTEL_EXPORTER_OTLP_ENDPOINT: base },
		{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url },
		{ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_ENDPOINT: `${base}/` }
	]) {
		const broker = createBroker({ logLevel: "error", services: [probeService] }, env);
		await broker.start();
		const seen = await client(broker, Probe).headers({});
		await broker.stop();
		t.match(seen.traceId, /^[0-9a-f]{32}$/, JSON.stringify(env));
		await receiver.waitFor(spans => spans.filter(s => s.traceId === seen.traceId).length === 2);
	}
});

t.test("bad tracing configuration is CONFIG_INVALID naming the option or variable", async t => {
	const cases: Array<[Parameters<typeof createBroker>[0], NodeJS.ProcessEnv, string]> = [
		[{ tracing: { sampleRatio: 2 } }, {}, "tracing.sampleRatio"],
		[{ tracing: "yes" as never }, {}, "tracing"],
		[{ tracing: { samplingRatio: 1 } as never }, {}, "tracing.samplingRatio"],
		[{ tracing: { enabled: "on" as never } }, {}, "tracing.enabled"],
		[{ tracing: { memory: { maxTraces: 0 } } }, {}, "tracing.memory.maxTraces"],
		[{ tracing: { otlp: { endpoint: "ftp://x" } } }, {}, "tracing.otlp.endpoint"],
		[{ tracing: { serviceName: "" } }, {}, "tracing.serviceName"],
		[{ tracing: { exporters: [{}] as never } }, {}, "tracing.exporters"],
		[{ tracing: true }, { OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER"],
		[{ tracing: true }, { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "half" }, "OTEL_TRACES_SAMPLER_ARG"],
		[{ tracing: true }, { OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
		[{ tracing: true }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "::" }, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"],
		[{}, { OTEL_SDK_DISABLED: "maybe" }, "OTEL_SDK_DISABLED"],
		[{ tracing: true }, { OTEL_TRACES_EXPORTER: "zipkin" }, "OTEL_TRACES_EXPORTER"]
	];
	for (const [options, env, setting] of cases) {
		const err = thrownBy(() => createBroker({ logLevel: "error", ...options }, env));
		t.equal(err.code, "CONFIG_INVALID", setting);
		t.equal((err.data as { setting: string }).setting, setting);
		t.ok(err.message.startsWith(`${setting}:`), err.message);
	}
});

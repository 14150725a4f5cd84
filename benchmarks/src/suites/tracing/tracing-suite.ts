import { randomBytes } from "node:crypto";
import type { TracingOptions } from "@backbeat/sdk";
import { runChild, startResponder, type Child } from "../../runner/child.js";
import type { LoadResult } from "../../runner/load.js";
import { bestOf } from "../../runner/stats.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import type { TracingCallerConfig, TracingCallerResult } from "./tracing-caller.js";

const NATS_URL = process.env["BACKBEAT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
const IN_FLIGHT = [1, 64];
const PAYLOAD_BYTES = 1024;
/** Rounds of every variant, interleaved; each row is the best of its rounds (noise only slows a run down). */
const ROUNDS = 5;
const callerScript = new URL("./tracing-caller.js", import.meta.url);

interface Variant {
	readonly name: string;
	readonly baseline: boolean;
	readonly subject: TracingCallerConfig["subject"];
}

/**
 * Raw Moleculer, then the SDK with tracing off, 10 % and 100 % of new
 * traces sampled. Spans go to the in-memory store (embedded mode), the
 * exporter with no network cost of its own, so the rows measure span
 * creation, propagation and recording.
 */
const VARIANTS: readonly Variant[] = [
	{ name: "raw moleculer", baseline: false, subject: { kind: "raw" } },
	{ name: "sdk, tracing off", baseline: true, subject: { kind: "sdk", tracing: false } },
	{ name: "sdk, tracing 10% sampled", baseline: false, subject: { kind: "sdk", tracing: { sampleRatio: 0.1 } } },
	{ name: "sdk, tracing 100% sampled", baseline: false, subject: { kind: "sdk", tracing: { sampleRatio: 1 } } }
];

function tracingOf(variant: Variant): TracingOptions | false {
	return variant.subject.kind === "sdk" ? variant.subject.tracing : false;
}

/** One caller run of a variant at one in-flight level. */
interface Round {
	readonly load: LoadResult;
	/** The responder's CPU time per call during the run (warm-up included), when it runs in a process of its own. */
	readonly responderCpuUs: number | undefined;
}

/** Where a variant's calls go: in-process (undefined), or a responder process over NATS. */
type ResponderOf = (variant: Variant) => { remote: NonNullable<TracingCallerConfig["remote"]>; child: Child<unknown> } | undefined;

/**
 * Runs every (variant, in-flight) case in a caller process of its own,
 * `rounds` times in turn, and records each as the best of its rounds; CPU
 * figures are the lowest of the rounds (noise only adds to them).
 */
async function measureAll(context: SuiteContext, mode: string, responderOf: ResponderOf): Promise<Map<string, number>> {
	const rounds = context.quick ? 1 : ROUNDS;
	const results = new Map<string, Round[]>();
	for (let round = 1; round <= rounds; round++) {
		for (const variant of VARIANTS) {
			for (const inFlight of IN_FLIGHT) {
				context.progress(`${mode} ×${inFlight} · ${variant.name} · round ${round}/${rounds}`);
				const responder = responderOf(variant);
				const config: TracingCallerConfig = {
					subject: variant.subject,
					inFlight: [inFlight],
					quick: context.quick,
					payloadBytes: PAYLOAD_BYTES,
					...(responder ? { remote: responder.remote } : {})
				};
				const cpuBefore = responder?.child.cpuMicros();
				const result = await runChild<TracingCallerResult>(callerScript, config);
				const responderCpuUs =
					responder && cpuBefore !== undefined ? (responder.child.cpuMicros() - cpuBefore) / result.totalCalls : undefined;
				const load = result.runs[0]!;
				const key = `${inFlight} ${variant.name}`;
				const done = results.get(key) ?? [];
				done.push({ load, responderCpuUs });
				results.set(key, done);
				context.progress(
					`  ${Math.round(load.opsPerSec).toLocaleString("en-US")} calls/s, caller ${load.cpuUsPerCall.toFixed(1)} µs CPU/call${responderCpuUs === undefined ? "" : `, responder ${responderCpuUs.toFixed(1)}`}`
				);
			}
		}
	}
	const opsPerSec = new Map<string, number>();
	for (const inFlight of IN_FLIGHT) {
		for (const variant of VARIANTS) {
			const key = `${inFlight} ${variant.name}`;
			const runs = results.get(key) ?? [];
			const best = bestOf(runs.map(run => run.load));
			opsPerSec.set(key, best.opsPerSec);
			const extra: Record<string, number> = { "caller CPU µs/call": round2(Math.min(...runs.map(run => run.load.cpuUsPerCall))) };
			const responderCpu = runs.flatMap(run => (run.responderCpuUs === undefined ? [] : [run.responderCpuUs]));
			if (responderCpu.length > 0) extra["responder CPU µs/call"] = round2(Math.min(...responderCpu));
			context.record({
				group: `${mode} 1KB ×${inFlight}`,
				variant: variant.name,
				baseline: variant.baseline,
				opsPerSec: best.opsPerSec,
				p50Ms: best.p50Ms,
				p99Ms: best.p99Ms,
				extra
			});
		}
	}
	return opsPerSec;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The issue's targets, per in-flight level: 100 % sampling costs under 3×
 * on in-process calls (tracing off ÷ 100 % < 3) and under 15 % over NATS
 * (100 % ÷ off > 0.85).
 */
function noteTargets(context: SuiteContext, mode: string, opsPerSec: Map<string, number>): void {
	const [off, full] = [VARIANTS[1]!.name, VARIANTS[3]!.name];
	for (const inFlight of IN_FLIGHT) {
		const share = opsPerSec.get(`${inFlight} ${full}`)! / opsPerSec.get(`${inFlight} ${off}`)!;
		if (mode === "in-process") {
			const cost = 1 / share;
			context.note(
				`in-process ×${inFlight}: 100% sampling costs ${cost.toFixed(2)}× (target < 3×): **${cost < 3 ? "met" : "missed"}**`
			);
		} else {
			const loss = 1 - share;
			const cost =
				loss >= 0
					? `costs ${(loss * 100).toFixed(0)}% of calls/s`
					: `ran ${(-loss * 100).toFixed(0)}% faster than tracing off (noise)`;
			context.note(`nats ×${inFlight}: 100% sampling ${cost} (target < 15%): **${loss < 0.15 ? "met" : "missed"}**`);
		}
	}
}

async function overNats(context: SuiteContext): Promise<void> {
	const namespace = `bench-${randomBytes(3).toString("hex")}`;
	const responders = new Map<Variant, { child: Child<unknown>; namespace: string }>();
	try {
		for (const [i, variant] of VARIANTS.entries()) {
			const ns = `${namespace}-${i}`;
			// The SDK responders trace too (their sampler follows the caller's decision), as a traced deployment would.
			const child = await startResponder(
				variant.subject.kind === "raw"
					? { kind: "moleculer", transporter: NATS_URL, namespace: ns, nodeID: `${ns}-r` }
					: { kind: "sdk", transporter: NATS_URL, namespace: ns, nodeID: `${ns}-r`, tracing: tracingOf(variant) }
			);
			responders.set(variant, { child, namespace: ns });
		}
		noteTargets(
			context,
			"nats",
			await measureAll(context, "nats", variant => {
				const responder = responders.get(variant)!;
				return { remote: { url: NATS_URL, namespace: responder.namespace }, child: responder.child };
			})
		);
	} finally {
		await Promise.all([...responders.values()].map(r => r.child.stop()));
	}
}

export const tracingSuite: Suite = {
	name: "tracing",
	description: `The cost of OpenTelemetry tracing: the same ~1 KB echo through the SDK with tracing off, 10% and 100% of traces sampled (client and server spans per call, W3C context in the request headers, spans kept by the in-memory store), in-process and over NATS between two processes, next to raw Moleculer. Every case runs in a caller process of its own, ${ROUNDS} rounds in turn, best round reported; CPU µs/call = the caller's (and over NATS the responder's) CPU time per call, lowest round, less disturbed by a busy machine than calls/s. Ratio = calls/s ÷ the SDK with tracing off.`,
	servers: ["nats"],
	unit: "calls/s",
	async run(context) {
		noteTargets(context, "in-process", await measureAll(context, "in-process", () => undefined));
		await overNats(context);
	}
};

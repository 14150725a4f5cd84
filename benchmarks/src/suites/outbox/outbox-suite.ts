import { randomBytes } from "node:crypto";
import { serverUrl } from "@backbeat/sdk/testing";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { startDistributedPipeline } from "./distributed-pipeline.js";
import { startEmbeddedPipeline } from "./embedded-pipeline.js";
import { outboxWriter, rawWriter, type WriteEvent } from "./event-writers.js";
import { handledFigures, waitForHandled, type HandledFigures } from "./handled-figures.js";
import type { Pipeline } from "./pipeline.js";
import { FIXED_RATE, lagNote, throughputNote } from "./targets.js";
import { writeAtRate, writeClosedLoop, type WriteSummary } from "./write-load.js";

/** Concurrent producer transactions (each writer commits its next event when the last one committed). */
const WRITERS = 16;
const COUNTS = {
	quick: { warmup: 50, events: 300, fixedRate: 300 },
	full: { warmup: 1000, events: 20_000, fixedRate: 10_000 }
} as const;
type Counts = (typeof COUNTS)[keyof typeof COUNTS];

const RAW = "raw: commit, then sendToChannel";
const relaysLabel = (n: number) => `outbox, ${n} relay${n === 1 ? "" : "s"}`;
const newRun = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

interface PipelineCase {
	readonly group: string;
	readonly start: () => Promise<Pipeline>;
	readonly relays: readonly number[];
	/** Also run the fixed-rate lag case here. */
	readonly fixedRate: boolean;
}

function cases(): PipelineCase[] {
	const postgresUrl = serverUrl("postgres");
	// SDK defaults everywhere (relay batch 500, each relay its share of the 32 partitions, consumer maxInFlight 100, pool 10): what a service gets.
	const distributed = (channels: string) => () =>
		startDistributedPipeline({ postgresUrl, channels, producerPoolSize: WRITERS, relay: {}, relayPoolSize: 3, consumer: {} });
	return [
		{ group: "postgres + jetstream", start: distributed(serverUrl("nats")), relays: [1, 3], fixedRate: true },
		{ group: "postgres + redis streams", start: distributed(serverUrl("redis")), relays: [1, 3], fixedRate: false },
		{ group: "sqlite + in-process", start: () => startEmbeddedPipeline({}, {}), relays: [1], fixedRate: false }
	];
}

/** Writes `count` events of a fresh run and waits until the consumer has handled them all. */
async function runEvents(
	pipeline: Pipeline,
	write: WriteEvent,
	label: string,
	count: number,
	load: (write: WriteEvent, run: string, count: number) => Promise<WriteSummary>
): Promise<{ figures: HandledFigures; written: WriteSummary }> {
	const run = newRun(label);
	const written = await load(write, run, count);
	await waitForHandled(pipeline.consumer, run, count);
	return { figures: await handledFigures(pipeline.consumer, run, written.startedAt), written };
}

function record(
	context: SuiteContext,
	group: string,
	variant: string,
	baseline: boolean,
	{ figures, written }: { figures: HandledFigures; written: WriteSummary }
): void {
	context.record({
		group,
		variant,
		baseline,
		opsPerSec: figures.eventsPerSec,
		p50Ms: figures.p50Ms,
		p99Ms: figures.p99Ms,
		extra: { events: figures.handled, "producer commits/s": Math.round(written.writesPerSec), "max lag ms": Math.round(figures.maxMs) }
	});
}

/** Throughput: a warm-up run (JIT, connections, streams), then the measured one, both drained. */
async function throughput(
	context: SuiteContext,
	pipeline: Pipeline,
	counts: Counts,
	group: string,
	variant: string,
	baseline: boolean,
	write: WriteEvent
): Promise<HandledFigures> {
	context.progress(`${group} · ${variant}`);
	const closedLoop = (w: WriteEvent, run: string, count: number) => writeClosedLoop(w, run, count, WRITERS);
	await runEvents(pipeline, write, "warmup", counts.warmup, closedLoop);
	const result = await runEvents(pipeline, write, "measured", counts.events, closedLoop);
	record(context, group, variant, baseline, result);
	return result.figures;
}

async function fixedRate(
	context: SuiteContext,
	pipeline: Pipeline,
	counts: Counts,
	group: string,
	variant: string,
	write: WriteEvent
): Promise<HandledFigures> {
	const rateGroup = `${group} @ ${FIXED_RATE.toLocaleString("en-US")} events/s`;
	context.progress(`${rateGroup} · ${variant}`);
	const result = await runEvents(pipeline, write, "fixed-rate", counts.fixedRate, (w, run, count) =>
		writeAtRate(w, run, count, FIXED_RATE)
	);
	record(context, rateGroup, variant, false, result);
	return result.figures;
}

async function measurePipeline(context: SuiteContext, spec: PipelineCase, counts: Counts): Promise<void> {
	context.progress(`${spec.group}: starting (schemas, consumer${spec.group.startsWith("postgres") ? " and relay processes" : ""})`);
	const pipeline = await spec.start();
	try {
		const raw = await throughput(context, pipeline, counts, spec.group, RAW, true, rawWriter(pipeline));
		const outbox = outboxWriter(pipeline.producer);
		for (const relays of spec.relays) {
			await pipeline.useRelays(relays);
			const figures = await throughput(context, pipeline, counts, spec.group, relaysLabel(relays), false, outbox);
			context.note(throughputNote(spec.group, relaysLabel(relays), figures.eventsPerSec / raw.eventsPerSec));
		}
		if (spec.fixedRate) {
			await fixedRate(context, pipeline, counts, spec.group, RAW, rawWriter(pipeline));
			await pipeline.useRelays(1);
			const figures = await fixedRate(context, pipeline, counts, spec.group, relaysLabel(1), outbox);
			context.note(lagNote(spec.group, relaysLabel(1), figures.p50Ms, figures.p99Ms));
		}
	} finally {
		await pipeline.stop();
	}
}

export const outboxSuite: Suite = {
	name: "outbox",
	description: `Events committed by a producer and handled by a consumer, end to end: through the transactional outbox (state row and event in one transaction, relays publish committed rows, the consumer dedupes through its inbox, events that arrive together sharing one transaction) and through a raw baseline on the same broker (state row committed, then sendToChannel; a plain channel handler does the same insert). events/s = events / (last handled − first write); p50/p99 = commit-to-handled lag (handled − the event's occurredAt), which in the throughput rows includes the backlog of a producer faster than the pipeline. ${WRITERS} concurrent producer transactions, 256 keys, SDK defaults. PostgreSQL rows: relays and consumer each in their own process; SQLite: one process (embedded mode). Ratio = outbox / raw. The ${FIXED_RATE.toLocaleString("en-US")} events/s rows start writes at a fixed rate (open loop) and measure lag only.`,
	servers: ["postgres", "nats", "redis"],
	unit: "events/s",
	async run(context) {
		const counts = context.quick ? COUNTS.quick : COUNTS.full;
		for (const spec of cases()) await measurePipeline(context, spec, counts);
	}
};

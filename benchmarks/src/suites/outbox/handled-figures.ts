import type { Database } from "@backbeat/sdk";
import { summarizeLatencies, type LatencySummary } from "../../runner/stats.js";
import type { ConsumerTables } from "./bench-ledger.js";

export interface HandledFigures extends LatencySummary {
	/** Rows the consumer wrote for the run (a duplicate delivery would count twice). */
	readonly handled: number;
	/** handled / (last handled − first write started), per second. */
	readonly eventsPerSec: number;
}

async function countHandled(db: Database<ConsumerTables>, run: string): Promise<number> {
	const row = await db.db
		.selectFrom("handled")
		.select(eb => eb.fn.countAll<number | string>().as("n"))
		.where("run", "=", run)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * Waits until the consumer has handled `count` events of `run`. Fails when
 * nothing new arrives for `stallMs` (a stuck pipeline), not after a fixed
 * total time, so a slow but moving pipeline is measured, not cut short.
 */
export async function waitForHandled(db: Database<ConsumerTables>, run: string, count: number, stallMs = 30_000): Promise<void> {
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const handled = await countHandled(db, run);
		if (handled >= count) return;
		if (handled !== last) {
			last = handled;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > stallMs) {
			throw new Error(`run ${run}: the consumer handled ${handled} of ${count} events and nothing more for ${stallMs / 1000} s`);
		}
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** Throughput and commit-to-handled lag of a finished run, from the consumer's own rows. */
export async function handledFigures(db: Database<ConsumerTables>, run: string, startedAt: number): Promise<HandledFigures> {
	const rows = await db.db.selectFrom("handled").select(["occurred_at", "handled_at"]).where("run", "=", run).execute();
	const lags = new Float64Array(rows.length);
	let lastHandled = startedAt;
	rows.forEach((row, i) => {
		const handledAt = Number(row.handled_at);
		lags[i] = handledAt - Number(row.occurred_at);
		if (handledAt > lastHandled) lastHandled = handledAt;
	});
	return { handled: rows.length, eventsPerSec: rows.length / (Math.max(1, lastHandled - startedAt) / 1000), ...summarizeLatencies(lags) };
}

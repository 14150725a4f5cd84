import type { ServerKind } from "@backbeat/sdk/testing";

/** One measured row: a variant of a group, compared with the group's baseline. */
export interface Measurement {
	/** Rows with the same group are compared with each other, e.g. `nats 1KB ×64`. */
	readonly group: string;
	/** What was measured, e.g. `moleculer`, `raw publish/reply`, `sdk`. */
	readonly variant: string;
	/** True for the row the group's ratios are computed against. */
	readonly baseline?: boolean;
	readonly opsPerSec: number;
	readonly p50Ms?: number;
	readonly p99Ms?: number;
	/** Any other figure worth a column (encoded size, errors). */
	readonly extra?: Readonly<Record<string, number | string>>;
}

export interface SuiteContext {
	readonly quick: boolean;
	/** Prints one progress line. */
	progress(message: string): void;
	/** Hands a finished row to the runner (so partial results survive a failure). */
	record(measurement: Measurement): void;
	/** A finding printed under the suite's table (e.g. whether a target was met); also logged. */
	note(line: string): void;
}

/**
 * A benchmark suite: what it needs, and how to run its cases. The runner does
 * the rest (server checks, progress, ratios, results files, charts).
 */
export interface Suite {
	readonly name: string;
	readonly description: string;
	/** Servers that must answer before the suite starts. */
	readonly servers: readonly ServerKind[];
	/** The unit of `opsPerSec` in tables, e.g. `calls/s`. */
	readonly unit: string;
	run(context: SuiteContext): Promise<void>;
}

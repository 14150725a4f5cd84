import { skipUnlessServer } from "@backbeat/sdk/testing";
import { describeEnvironment } from "./environment.js";
import { buildReport, type SuiteReport } from "./report.js";
import type { Measurement, Suite } from "./suite.js";

export interface RunOptions {
	readonly quick: boolean;
	readonly log: (line: string) => void;
}

/** Why the suite can't run (a server it needs is down), or undefined. */
export async function missingServer(suite: Suite): Promise<string | undefined> {
	for (const kind of suite.servers) {
		const reason = await skipUnlessServer(kind, { ...process.env, BACKBEAT_REQUIRE_SERVICES: "0" });
		if (reason) return reason.replace(/ \(set BACKBEAT_REQUIRE_SERVICES.*\)$/, "");
	}
	return undefined;
}

/** Runs one suite with a progress line per step and returns its report. */
export async function runSuite(suite: Suite, options: RunOptions): Promise<SuiteReport> {
	const measurements: Measurement[] = [];
	const notes: string[] = [];
	let step = 0;
	const started = Date.now();
	await suite.run({
		quick: options.quick,
		progress: message =>
			options.log(
				`[${suite.name} ${String(++step).padStart(3)} ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`
			),
		record: measurement => {
			measurements.push(measurement);
			const latency =
				measurement.p50Ms === undefined ? "" : `  p50 ${measurement.p50Ms.toFixed(2)} ms  p99 ${measurement.p99Ms?.toFixed(2)} ms`;
			options.log(`      ${Math.round(measurement.opsPerSec).toLocaleString("en-US")} ${suite.unit}${latency}`);
		},
		note: line => {
			notes.push(line);
			options.log(`      ${line}`);
		}
	});
	return buildReport(suite, options.quick, describeEnvironment(), measurements, notes);
}

// The load generator of the gateway suite, in a process of its own so it
// does not share the server's event loop (the machine has two cores: one
// for the server, one for autocannon). Argument: JSON `LoadConfig`. Checks
// one response of each request, then for each: warm-up, measured run.
// Prints "result <json>" and exits.
import { deepStrictEqual } from "node:assert/strict";
import autocannon from "autocannon";
import { processCpuMicros } from "../../runner/child.js";
import { summarizeLatencies } from "../../runner/stats.js";
import { getItem, ITEM_ID, NEW_ITEM } from "./items.js";

export type RequestName = "get" | "post";

export interface LoadConfig {
	readonly port: number;
	readonly token: string;
	/** The server's process, whose CPU time is read around each measured run. */
	readonly serverPid: number;
	readonly requests: readonly RequestName[];
	readonly connections: number;
	readonly warmupSec: number;
	readonly durationSec: number;
}

export interface RequestResult {
	readonly request: RequestName;
	/** Responses with the expected status per second of the measured run. */
	readonly opsPerSec: number;
	/** Nearest-rank percentiles of every expected response's latency, in ms (autocannon's own histogram keeps whole ms). */
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly ok: number;
	/** Responses with another status, by status (measured run and warm-up). */
	readonly unexpected: Readonly<Record<string, number>>;
	/** Socket errors and timeouts (measured run and warm-up). */
	readonly errors: number;
	/** The server's CPU time (user + system) per response of the measured run, in µs. */
	readonly serverCpuUsPerResponse: number;
	/** The server's CPU time over the measured run's wall time: 100 means one core busy all along. */
	readonly serverCpuPercent: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;

const REQUESTS = {
	get: { method: "GET", path: `/api/items/${ITEM_ID}`, status: 200, expect: getItem(ITEM_ID) },
	post: { method: "POST", path: "/api/items", status: 201, body: JSON.stringify(NEW_ITEM), expect: NEW_ITEM }
} as const;

function requestOptions(name: RequestName) {
	const request = REQUESTS[name];
	const headers: Record<string, string> = { authorization: `Bearer ${config.token}` };
	if ("body" in request) headers["content-type"] = "application/json";
	return {
		url: `http://127.0.0.1:${config.port}${request.path}`,
		method: request.method,
		headers,
		...("body" in request ? { body: request.body } : {})
	};
}

/** One request through fetch: the status and the body every variant must answer with. */
async function checkOnce(name: RequestName): Promise<void> {
	const request = REQUESTS[name];
	const { url, ...init } = requestOptions(name);
	const response = await fetch(url, init);
	const text = await response.text();
	if (response.status !== request.status)
		throw new Error(`${request.method} ${request.path} answered ${response.status}, not ${request.status}: ${text.slice(0, 300)}`);
	const body = JSON.parse(text) as Record<string, unknown>;
	deepStrictEqual(
		name === "post" ? { ...body, id: undefined } : body,
		name === "post" ? { ...request.expect, id: undefined } : request.expect
	);
}

interface Counts {
	ok: number;
	unexpected: Record<string, number>;
	errors: number;
}

/** One autocannon run; `latencies` (ms) collects each expected response's time when given. */
function cannon(name: RequestName, durationSec: number, counts: Counts, latencies?: number[]): Promise<number> {
	const expected = REQUESTS[name].status;
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const instance = autocannon({ ...requestOptions(name), connections: config.connections, duration: durationSec }, err => {
			if (err) reject(err);
			else resolve(Number(process.hrtime.bigint() - started) / 1e9);
		});
		instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
			if (statusCode === expected) {
				counts.ok++;
				latencies?.push(responseTime);
			} else counts.unexpected[statusCode] = (counts.unexpected[statusCode] ?? 0) + 1;
		});
		instance.on("reqError", () => counts.errors++);
	});
}

async function measure(name: RequestName): Promise<RequestResult> {
	await checkOnce(name);
	const warm: Counts = { ok: 0, unexpected: {}, errors: 0 };
	await cannon(name, config.warmupSec, warm);
	const counts: Counts = { ok: 0, unexpected: {}, errors: 0 };
	const latencies: number[] = [];
	const cpuBefore = processCpuMicros(config.serverPid);
	const seconds = await cannon(name, config.durationSec, counts, latencies);
	const serverCpu = processCpuMicros(config.serverPid) - cpuBefore;
	const measured = counts.ok + Object.values(counts.unexpected).reduce((sum, n) => sum + n, 0);
	const unexpected: Record<string, number> = { ...warm.unexpected };
	for (const [status, n] of Object.entries(counts.unexpected)) unexpected[status] = (unexpected[status] ?? 0) + n;
	const { p50Ms, p99Ms } = summarizeLatencies(Float64Array.from(latencies));
	return {
		request: name,
		opsPerSec: counts.ok / seconds,
		p50Ms,
		p99Ms,
		ok: counts.ok,
		unexpected,
		errors: warm.errors + counts.errors,
		serverCpuUsPerResponse: serverCpu / measured,
		serverCpuPercent: serverCpu / 1e4 / seconds
	};
}

async function main(): Promise<RequestResult[]> {
	const results: RequestResult[] = [];
	for (const name of config.requests) results.push(await measure(name));
	return results;
}

main().then(
	results => {
		process.stdout.write(`result ${JSON.stringify(results)}\n`);
		process.exit(0);
	},
	(err: unknown) => {
		process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
		process.exit(1);
	}
);

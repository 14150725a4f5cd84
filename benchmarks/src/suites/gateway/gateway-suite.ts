import { issueToken } from "@backbeat/sdk/gateway";
import { type Child, runChild, startChild } from "../../runner/child.js";
import { bestOf } from "../../runner/stats.js";
import type { Suite, SuiteContext } from "../../runner/suite.js";
import { BENCH_RATE_LIMIT } from "./running-server.js";
import type { LoadConfig, RequestName, RequestResult } from "./load-process.js";
import type { ServerConfig, ServerInfo } from "./server-process.js";

const CONNECTIONS = 64;
/** Rounds of every variant, in turn; each row is the best of its rounds (noise only slows a run down). */
const ROUNDS = 5;
const serverScript = new URL("./server-process.js", import.meta.url);
const loadScript = new URL("./load-process.js", import.meta.url);
/** HS256 secret of the Backbeat gateway (at least 32 characters). */
const JWT_SECRET = "gateway-benchmark-secret-of-32-characters-or-more";

interface Variant {
	readonly name: string;
	readonly baseline: boolean;
	readonly server: ServerConfig;
}

const VARIANTS: readonly Variant[] = [
	{ name: "node:http", baseline: false, server: { kind: "node:http" } },
	{ name: "moleculer-web alias", baseline: true, server: { kind: "moleculer-web" } },
	{ name: "backbeat, auth + rate limit", baseline: false, server: { kind: "backbeat", secret: JWT_SECRET, tracing: false } },
	{ name: "backbeat, auth + rate limit + tracing", baseline: false, server: { kind: "backbeat", secret: JWT_SECRET, tracing: true } }
];

const REQUESTS: Readonly<Record<RequestName, string>> = {
	get: `GET /api/items/:id ×${CONNECTIONS}`,
	post: `POST /api/items 1KB ×${CONNECTIONS}`
};

/** A run that got an unexpected status or a socket error did not measure the variant: it fails the suite. */
function checkClean(variant: Variant, result: RequestResult): void {
	const unexpected = Object.entries(result.unexpected);
	if (unexpected.length === 0 && result.errors === 0) return;
	throw new Error(
		`${variant.name} · ${REQUESTS[result.request]}: ${unexpected.map(([status, n]) => `${n} × status ${status}`).join(", ") || "no unexpected status"}, ${result.errors} socket errors/timeouts`
	);
}

/** One load process against a variant's server: both requests in turn. */
async function measureRound(
	context: SuiteContext,
	variant: Variant,
	server: Child<ServerInfo>,
	token: string,
	round: string
): Promise<RequestResult[]> {
	context.progress(`${variant.name} · round ${round}`);
	const config: LoadConfig = {
		port: server.info.port,
		token,
		serverPid: server.info.pid,
		requests: ["get", "post"],
		connections: CONNECTIONS,
		...(context.quick ? { warmupSec: 0.2, durationSec: 0.6 } : { warmupSec: 2, durationSec: 5 })
	};
	const results = await runChild<RequestResult[]>(loadScript, config);
	for (const result of results) {
		checkClean(variant, result);
		context.progress(
			`  ${result.request.toUpperCase()} ${Math.round(result.opsPerSec).toLocaleString("en-US")} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, server ${result.serverCpuUsPerResponse.toFixed(0)} µs CPU/req (${result.serverCpuPercent.toFixed(0)}% of a core)`
		);
	}
	return results;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A variant's row for one request: its best round, and the lowest server CPU per response of its rounds. */
interface Summary {
	readonly best: RequestResult;
	readonly cpuUs: number;
}

function noteRatios(context: SuiteContext, summaries: Map<string, Summary>): void {
	const of = (variant: number, request: RequestName) => summaries.get(`${VARIANTS[variant]!.name} ${request}`)!;
	const requests = ["get", "post"] as const;
	const compare = (label: string, over: number, under: number, target?: number) => {
		const ratios = requests.map(request => of(over, request).best.opsPerSec / of(under, request).best.opsPerSec);
		const cpu = requests.map(request => of(over, request).cpuUs / of(under, request).cpuUs);
		const figures = ratios.map((r, i) => `${requests[i]!.toUpperCase()} ${r.toFixed(2)}×`).join(", ");
		const verdict = target === undefined ? "" : ` (target ≥ ${target}×): **${ratios.every(r => r >= target) ? "met" : "missed"}**`;
		const cpuFigures = cpu.map((c, i) => `${requests[i]!.toUpperCase()} ${c.toFixed(2)}×`).join(", ");
		context.note(`${label}: req/s ${figures}${verdict}; server CPU per request ${cpuFigures}`);
	};
	compare("Backbeat gateway (auth + rate limit, tracing off) / raw moleculer-web alias", 2, 1, 0.8);
	compare("Backbeat gateway (auth + rate limit, tracing off) / bare node:http", 2, 0);
	compare("Backbeat gateway tracing on / tracing off", 3, 2);
	const unsaturated = VARIANTS.flatMap((variant, index) =>
		requests.flatMap(request => {
			const percent = of(index, request).best.serverCpuPercent;
			return percent < 80 ? [`${variant.name} ${request.toUpperCase()} ${percent.toFixed(0)}%`] : [];
		})
	);
	if (unsaturated.length > 0) {
		context.note(
			`Servers below 80% of a core in their best round (${unsaturated.join(", ")}): there req/s was limited by the load generator or by other work on the machine, not by the server; server CPU per request is the steadier comparison`
		);
	}
	context.note(
		`Every response of every run (warm-ups included) had the expected status (GET 200, POST 201), no socket errors or timeouts; rate-limit budgets ${BENCH_RATE_LIMIT.perUser.points.toLocaleString("en-US")} per ${BENCH_RATE_LIMIT.perUser.durationSec} s per user and per address, so no 429`
	);
}

export const gatewaySuite: Suite = {
	name: "gateway",
	description: `HTTP requests/s and latency at ${CONNECTIONS} connections (autocannon in a process of its own, the server in another: one core each), for GET /api/items/:id and POST /api/items with a ~1 KB JSON body, all served by the same two functions: bare node:http (routing, JSON decode and encode by hand), a raw moleculer-web alias to a plain Moleculer action, and the Backbeat gateway (createGateway: bearer JWT verified per request, rate limits on with budgets no run reaches, params validated by zod, the contract's deadline and retry rules), tracing off and on (every request sampled, spans in the memory store). Each variant's server runs in a process of its own for the whole suite, each (variant, round) in a fresh load process, ${ROUNDS} rounds in turn, best round reported; server CPU = the server process's CPU time per response and its share of one core over the measured run. A run with an unexpected status or socket error fails the suite. Ratio = req/s ÷ the moleculer-web alias.`,
	servers: [],
	unit: "req/s",
	async run(context) {
		const rounds = context.quick ? 1 : ROUNDS;
		// Every variant sends the same token; only the Backbeat gateway checks it.
		const token = await issueToken({ id: "u-bench", roles: ["user"] }, { secret: JWT_SECRET, expiresInSec: 3600 });
		context.progress(`starting ${VARIANTS.length} servers, one process each`);
		const started = await Promise.allSettled(VARIANTS.map(variant => startChild<ServerInfo>(serverScript, variant.server)));
		const servers = started.flatMap(s => (s.status === "fulfilled" ? [s.value] : []));
		const runs = new Map<string, RequestResult[]>();
		try {
			for (const s of started) if (s.status === "rejected") throw s.reason;
			for (let round = 1; round <= rounds; round++) {
				// Each round starts one variant later, so no variant always runs first on a machine that warms up.
				for (let i = 0; i < VARIANTS.length; i++) {
					const index = (i + round - 1) % VARIANTS.length;
					const variant = VARIANTS[index]!;
					for (const result of await measureRound(context, variant, servers[index]!, token, `${round}/${rounds}`)) {
						const key = `${variant.name} ${result.request}`;
						runs.set(key, [...(runs.get(key) ?? []), result]);
					}
				}
			}
		} finally {
			await Promise.all(servers.map(server => server.stop()));
		}
		const summaries = new Map<string, Summary>();
		for (const request of ["get", "post"] as const) {
			for (const variant of VARIANTS) {
				const results = runs.get(`${variant.name} ${request}`) ?? [];
				const top = bestOf(results);
				const cpuUs = Math.min(...results.map(r => r.serverCpuUsPerResponse));
				summaries.set(`${variant.name} ${request}`, { best: top, cpuUs });
				context.record({
					group: REQUESTS[request],
					variant: variant.name,
					baseline: variant.baseline,
					opsPerSec: top.opsPerSec,
					p50Ms: top.p50Ms,
					p99Ms: top.p99Ms,
					extra: {
						"server CPU µs/req": round2(cpuUs),
						"server CPU %": Math.round(top.serverCpuPercent),
						"non-2xx + errors": results.reduce(
							(sum, r) => sum + r.errors + Object.values(r.unexpected).reduce((a, n) => a + n, 0),
							0
						)
					}
				});
			}
		}
		noteRatios(context, summaries);
	}
};

import { bestOf, summarizeLatencies, type LatencySummary } from "./stats.js";

export interface LoadOptions {
	/** Measured runs; the best by throughput is reported (noise on a shared machine only slows a run down). Default 1. */
	readonly repeats?: number;
	/** Calls kept in flight at once (closed loop: each worker sends its next call when the last returns). */
	readonly inFlight: number;
	/** Measured time in ms. */
	readonly durationMs: number;
	/** Unmeasured warm-up in ms (JIT, connections, caches). */
	readonly warmupMs: number;
}

export interface LoadResult extends LatencySummary {
	readonly opsPerSec: number;
	readonly calls: number;
	readonly errors: number;
	/**
	 * CPU time this process spent per measured call, in µs (user + system).
	 * Less sensitive to a busy machine than calls/s: it counts only this
	 * process's own work (other processes in the call path are not in it).
	 */
	readonly cpuUsPerCall: number;
}

/** Quick: one short run. Full: 2 s after 0.5 s of warm-up, best of `repeats`. */
export function loadOptions(quick: boolean, inFlight: number, repeats = 1): LoadOptions {
	return quick ? { inFlight, durationMs: 150, warmupMs: 50 } : { inFlight, durationMs: 2000, warmupMs: 500, repeats };
}

/** Drives `call` at a fixed concurrency and measures throughput and per-call latency; best of `repeats` runs. */
export async function runLoad(call: () => Promise<unknown>, options: LoadOptions): Promise<LoadResult> {
	const runs: LoadResult[] = [];
	for (let i = 0; i < (options.repeats ?? 1); i++) runs.push(await measureOnce(call, i === 0 ? options : { ...options, warmupMs: 0 }));
	return bestOf(runs);
}

async function measureOnce(call: () => Promise<unknown>, options: LoadOptions): Promise<LoadResult> {
	await drive(call, options.inFlight, options.warmupMs, undefined);
	const latencies = new Growable();
	const counters = { errors: 0 };
	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	await drive(call, options.inFlight, options.durationMs, { latencies, counters });
	const cpu = process.cpuUsage(cpuBefore);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const values = latencies.values();
	const cpuUsPerCall = values.length === 0 ? Number.NaN : (cpu.user + cpu.system) / values.length;
	return {
		opsPerSec: values.length / seconds,
		calls: values.length,
		errors: counters.errors,
		cpuUsPerCall,
		...summarizeLatencies(values)
	};
}

async function drive(
	call: () => Promise<unknown>,
	inFlight: number,
	durationMs: number,
	record: { latencies: Growable; counters: { errors: number } } | undefined
): Promise<void> {
	if (durationMs <= 0) return;
	const deadline = process.hrtime.bigint() + BigInt(Math.round(durationMs * 1e6));
	const worker = async () => {
		while (process.hrtime.bigint() < deadline) {
			const start = process.hrtime.bigint();
			try {
				await call();
				record?.latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
			} catch (err) {
				if (!record) throw err;
				record.counters.errors += 1;
				if (record.counters.errors > 100) throw err;
			}
		}
	};
	await Promise.all(Array.from({ length: inFlight }, worker));
}

class Growable {
	private buffer = new Float64Array(1 << 14);
	private length = 0;
	push(value: number): void {
		if (this.length === this.buffer.length) {
			const bigger = new Float64Array(this.buffer.length * 2);
			bigger.set(this.buffer);
			this.buffer = bigger;
		}
		this.buffer[this.length++] = value;
	}
	values(): Float64Array {
		return this.buffer.subarray(0, this.length);
	}
}

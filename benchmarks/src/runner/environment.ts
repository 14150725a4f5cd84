import { MOLECULER_VERSION } from "moleculer";
import { cpus, totalmem } from "node:os";

export interface Environment {
	readonly date: string;
	readonly node: string;
	readonly moleculer: string;
	readonly cpu: string;
	readonly cores: number;
	readonly memoryGiB: number;
}

export function describeEnvironment(): Environment {
	const cpu = cpus()[0]?.model.trim() ?? "unknown";
	return {
		date: new Date().toISOString(),
		node: process.version,
		moleculer: MOLECULER_VERSION,
		cpu,
		cores: cpus().length,
		memoryGiB: Math.round(totalmem() / 2 ** 30)
	};
}

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BackbeatError, type Contract } from "@backbeat/sdk";

function isContract(value: unknown): value is Contract {
	if (typeof value !== "object" || value === null) return false;
	const candidate = value as Partial<Contract>;
	return (
		typeof candidate.name === "string" &&
		typeof candidate.version === "number" &&
		typeof candidate.fullName === "string" &&
		typeof candidate.actions === "object"
	);
}

/** The contracts a built project exports from `dist/src/services/<name>/contract.js`. */
export async function loadContracts(projectDir: string): Promise<Contract[]> {
	const servicesDir = join(projectDir, "dist", "src", "services");
	if (!existsSync(servicesDir)) {
		throw new BackbeatError("NOT_FOUND", `no built services in ${servicesDir}: run 'npm run build' in the project first`, {
			data: { dir: projectDir }
		});
	}
	const contracts: Contract[] = [];
	for (const entry of readdirSync(servicesDir, { withFileTypes: true })) {
		const file = join(servicesDir, entry.name, "contract.js");
		if (!entry.isDirectory() || !existsSync(file)) continue;
		const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
		contracts.push(...Object.values(module).filter(isContract));
	}
	return contracts;
}

/**
 * Finds `service.member` or `v<version>.service.member` among the contracts;
 * without a version the highest one wins. `kind` says whether member is an
 * action or an event. Errors list what exists.
 */
export function findMember(
	contracts: readonly Contract[],
	target: string,
	kind: "actions" | "events"
): { contract: Contract; member: string } {
	const match = /^(?:v(\d+)\.)?([a-z][a-z0-9-]*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(target);
	const noun = kind === "actions" ? "action" : "event";
	if (!match)
		throw new BackbeatError("BAD_REQUEST", `'${target}' is not <service>.<${noun}> (optionally v<N>.<service>.<${noun}>)`, {
			data: { field: "target" }
		});
	const [, version, service, member] = match as unknown as [string, string | undefined, string, string];
	const candidates = contracts
		.filter(c => c.name === service && (version === undefined || c.version === Number(version)))
		.sort((a, b) => b.version - a.version);
	const contract = candidates[0];
	if (!contract) {
		const known = [...new Set(contracts.map(c => c.fullName))].join(", ") || "none";
		throw new BackbeatError("BAD_REQUEST", `no contract for service '${version ? `v${version}.` : ""}${service}' (known: ${known})`, {
			data: { field: "target" }
		});
	}
	if (!Object.hasOwn(contract[kind], member)) {
		const known = Object.keys(contract[kind]).join(", ") || "none";
		throw new BackbeatError("BAD_REQUEST", `${contract.fullName} has no ${noun} '${member}' (known: ${known})`, {
			data: { field: "target" }
		});
	}
	return { contract, member };
}

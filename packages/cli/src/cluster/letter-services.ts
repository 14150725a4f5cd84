import { BackbeatError, deadLetterGroupsOf, type BackbeatBroker } from "@backbeat/sdk";
import { usage } from "../args/parse-args.js";

/** A running service that keeps dead letters: one with consumers. */
export interface LetterService {
	readonly name: string;
	readonly fullName: string;
	/** Its consumer groups, from the service's metadata. */
	readonly groups: readonly string[];
}

interface ServiceInfo {
	readonly name: string;
	readonly fullName: string;
	readonly metadata?: unknown;
}

/** The services the cluster has now, as this node's registry knows them. */
function runningServices(broker: BackbeatBroker): Promise<ServiceInfo[]> {
	return broker.call<ServiceInfo[], object>("$node.services", { onlyAvailable: true, skipInternal: true }, { nodeID: broker.nodeID });
}

/**
 * The services once `ready(services)` holds: checked now and whenever the
 * registry changes (a node joins or leaves), for at most `timeout` ms, after
 * which the last list is returned as it is.
 */
function watchServices(broker: BackbeatBroker, ready: (services: ServiceInfo[]) => boolean, timeout: number): Promise<ServiceInfo[]> {
	return new Promise((resolve, reject) => {
		let last: ServiceInfo[] = [];
		const done = (error?: unknown) => {
			clearTimeout(timer);
			broker.localBus.off("$services.changed", look);
			if (error === undefined) resolve(last);
			else reject(error);
		};
		const look = () =>
			void runningServices(broker).then(services => {
				last = services;
				if (ready(services)) done();
			}, done);
		const timer = setTimeout(() => done(), timeout);
		broker.localBus.on("$services.changed", look);
		look();
	});
}

const named = (wanted: string) => (service: ServiceInfo) => service.name === wanted || service.fullName === wanted;

/**
 * The services `dead-letters` works on: every service with consumers, or the
 * one named `service`, narrowed to those with consumer group `group`. A name or
 * group the cluster does not have is a usage error listing what it has.
 */
export async function findLetterServices(
	broker: BackbeatBroker,
	filter: { service: string | undefined; group: string | undefined },
	timeout: number
): Promise<LetterService[]> {
	const keepsLetters = (service: ServiceInfo) => deadLetterGroupsOf(service.metadata).length > 0;
	// Moleculer's start() waited for the nodes that answered at once; a named service may still be starting.
	const running = await watchServices(
		broker,
		services => (filter.service === undefined ? services.some(keepsLetters) : services.some(named(filter.service))),
		timeout
	);
	// One entry per service (full name), whatever the number of its nodes: $node.services groups them.
	const services: LetterService[] = running
		.filter(keepsLetters)
		.map(s => ({ name: s.name, fullName: s.fullName, groups: deadLetterGroupsOf(s.metadata) }));
	const known = services.map(s => s.fullName);
	if (services.length === 0 && filter.service === undefined) {
		throw new BackbeatError(
			"NOT_FOUND",
			`no running service of this cluster has consumers, so none keeps dead letters (services: ${running.map(s => s.fullName).join(", ") || "none"}; check --transporter and --namespace)`
		);
	}
	let chosen = services;
	if (filter.service !== undefined) {
		chosen = services.filter(named(filter.service));
		const listing = `services with dead letters: ${known.join(", ") || "none"}`;
		if (chosen.length === 0 && running.some(named(filter.service)))
			throw usage(`service '${filter.service}' has no consumers, so no dead letters (${listing})`, "service");
		if (chosen.length === 0) throw usage(`no running service '${filter.service}' (${listing})`, "service");
	}
	if (filter.group !== undefined) {
		const groups = [...new Set(chosen.flatMap(s => s.groups))];
		chosen = chosen.filter(s => s.groups.includes(filter.group!));
		if (chosen.length === 0)
			throw usage(
				`no consumer group '${filter.group}' in ${filter.service ?? "the cluster"} (groups: ${groups.join(", ")})`,
				"group"
			);
	}
	return chosen;
}

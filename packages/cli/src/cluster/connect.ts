import { createBroker, type BackbeatBroker } from "@backbeat/sdk";
import { usage } from "../args/parse-args.js";

/** The options of every command that talks to a running cluster (call, emit, dead-letters). */
export const CLUSTER_OPTIONS = ["transporter", "namespace", "timeout"] as const;

export const CLUSTER_HELP = `  --transporter  the cluster's transporter (default: BACKBEAT_TRANSPORTER)
  --namespace    the cluster's namespace (default: BACKBEAT_NAMESPACE, else none)
  --timeout      ms to wait for the service to appear and answer (default 10000)`;

export interface ClusterSettings {
	readonly transporter: string;
	readonly namespace: string | undefined;
	readonly timeout: number;
}

/** The cluster to join, from the flags or their variables; a usage error names a bad or missing one. */
export function clusterSettings(flags: Readonly<Record<string, string | true>>): ClusterSettings {
	const timeout = flags["timeout"] === undefined ? 10_000 : Number(flags["timeout"]);
	if (!Number.isInteger(timeout) || timeout < 1)
		throw usage(`--timeout must be a positive integer of ms, got '${String(flags["timeout"])}'`, "timeout");
	const transporter = typeof flags["transporter"] === "string" ? flags["transporter"] : process.env["BACKBEAT_TRANSPORTER"];
	if (!transporter)
		throw usage(
			"no transporter: pass --transporter nats://… or set BACKBEAT_TRANSPORTER (an in-process broker has nobody to talk to)",
			"transporter"
		);
	const namespace = typeof flags["namespace"] === "string" ? flags["namespace"] : process.env["BACKBEAT_NAMESPACE"] || undefined;
	return { transporter, namespace, timeout };
}

/** Joins the cluster with a broker of no services, runs `work`, and leaves again whatever happens. */
export async function withCluster<R>(settings: ClusterSettings, work: (broker: BackbeatBroker) => Promise<R>): Promise<R> {
	const broker = createBroker({
		transporter: settings.transporter,
		logLevel: "error",
		nodeID: `backbeat-cli-${process.pid}`,
		connectTimeout: settings.timeout,
		...(settings.namespace ? { namespace: settings.namespace } : {})
	});
	await broker.start();
	try {
		return await work(broker);
	} finally {
		await broker.stop();
	}
}

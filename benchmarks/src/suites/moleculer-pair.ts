import { randomBytes } from "node:crypto";
import { ServiceBroker } from "moleculer";
import { startResponder } from "../runner/child.js";
import { asTransporter } from "../responders/moleculer-transporter.js";

export interface MoleculerPair {
	/** A raw Moleculer broker whose `echo.echo` is served by a responder in another process. */
	readonly caller: ServiceBroker;
	stop(): Promise<void>;
}

export interface PairOptions {
	/** Moleculer serializer on both sides. Default JSON. */
	readonly serializer?: string;
	/** Wrap the AMQP URL with Nagle off and prefetch 64 (Backbeat's AMQP settings). */
	readonly amqpTuned?: boolean;
}

/**
 * Starts an echo responder in its own process and a caller here, in a fresh
 * namespace. `transporter(port, nodeID)` is called once for the responder
 * (no arguments) and once for the caller (the responder's TCP port and node,
 * for transporters that need explicit peers).
 */
export async function startMoleculerPair(
	transporter: (port?: number, nodeID?: string) => unknown,
	options: PairOptions = {}
): Promise<MoleculerPair> {
	const tune = (config: unknown) =>
		options.amqpTuned ? { type: "AMQP", options: { url: config, prefetch: 64, socketOptions: { noDelay: true } } } : config;
	const namespace = `bench-${randomBytes(3).toString("hex")}`;
	const responderID = `${namespace}-responder`;
	const serializer = options.serializer ?? "JSON";
	const responder = await startResponder<{ port?: number }>({
		kind: "moleculer",
		transporter: tune(transporter()),
		namespace,
		nodeID: responderID,
		serializer
	});
	const caller = new ServiceBroker({
		namespace,
		nodeID: `${namespace}-caller`,
		transporter: asTransporter(tune(transporter(responder.info.port, responderID))),
		serializer: serializer as "JSON",
		logger: false
	});
	try {
		await caller.start();
		await caller.waitForServices(["echo"], 15_000);
	} catch (err) {
		await responder.stop();
		throw err;
	}
	return {
		caller,
		async stop() {
			await caller.stop();
			await responder.stop();
		}
	};
}

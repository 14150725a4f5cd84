import type { Server } from "node:net";
import { ServiceBroker, type BrokerOptions as MoleculerBrokerOptions } from "moleculer";
import { configError } from "../config/settings.js";
import { BackbeatError } from "../errors/backbeat-error.js";

/** See `BackbeatBroker.tcpAddress()`. */
export interface TcpAddress {
	readonly host: string;
	readonly port: number;
	/** `host:port/nodeID`, as `tcpPeers` takes it. */
	readonly peer: string;
}

export interface StartGuard {
	/** Transporter URL as shown to people (password masked). */
	readonly transporter: string;
	/** The setting it came from, named in the error. */
	readonly setting: string;
	readonly connectTimeout: number;
}

/**
 * A Moleculer ServiceBroker whose `start()` fails with a clear error when the
 * transporter can't be reached, instead of retrying forever in the background.
 */
export class BackbeatBroker extends ServiceBroker {
	/**
	 * Sends `payload` to a durable channel (createBroker's `channels`): how the
	 * relay publishes outbox events, and how an operator redelivers an event
	 * envelope by hand. Options are @moleculer/channels' (`msgID` dedupes on
	 * JetStream, `headers`). Without channels it rejects with CONFIG_INVALID.
	 */
	// `declare`: the channels middleware assigns it while Moleculer's constructor runs, and a class field would reset it.
	declare sendToChannel: (channel: string, payload: unknown, options?: Record<string, unknown>) => Promise<void>;

	constructor(
		options: MoleculerBrokerOptions,
		private readonly guard: StartGuard | undefined
	) {
		super(options);
		if (typeof this.sendToChannel !== "function") {
			this.sendToChannel = () =>
				Promise.reject(
					configError("channels", "the broker has no channels; set createBroker's `channels` option or BACKBEAT_CHANNELS_URL")
				);
		}
	}

	/**
	 * Where this broker's TCP transporter listens, once started (`tcp://host:0`
	 * picks a free port): `peer` is the entry another broker puts in its
	 * `tcpPeers`. Undefined for other transporters and before `start()`.
	 */
	tcpAddress(): TcpAddress | undefined {
		const tx = this.transit?.tx as { reader?: { server?: Server } } | undefined;
		const address = tx?.reader?.server?.address();
		if (!address || typeof address === "string") return undefined;
		return { host: address.address, port: address.port, peer: `${address.address}:${address.port}/${this.nodeID}` };
	}

	override async start(): Promise<void> {
		const guard = this.guard;
		if (!guard) return super.start();
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				reject(
					new BackbeatError(
						"SERVICE_UNAVAILABLE",
						`${guard.setting}: could not connect to ${guard.transporter} within ${guard.connectTimeout} ms`,
						{ data: { setting: guard.setting, transporter: guard.transporter } }
					)
				);
			}, guard.connectTimeout);
		});
		try {
			await Promise.race([super.start(), timeout]);
		} catch (err) {
			// Moleculer's transit retries a failed connect every 5 s forever, even after
			// stop(); this ends the loop at its next attempt.
			const transit = this.transit as unknown as { opts: { disableReconnect?: boolean } } | undefined;
			if (transit) transit.opts.disableReconnect = true;
			await this.stop().catch(() => undefined);
			throw err;
		} finally {
			clearTimeout(timer);
		}
	}
}

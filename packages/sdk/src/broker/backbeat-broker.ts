import { ServiceBroker, type BrokerOptions as MoleculerBrokerOptions } from "moleculer";
import { BackbeatError } from "../errors/backbeat-error.js";

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
	constructor(options: MoleculerBrokerOptions, private readonly guard: StartGuard | undefined) {
		super(options);
	}

	override async start(): Promise<void> {
		const guard = this.guard;
		if (!guard) return super.start();
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				reject(new BackbeatError(
					"SERVICE_UNAVAILABLE",
					`${guard.setting}: could not connect to ${guard.transporter} within ${guard.connectTimeout} ms`,
					{ data: { setting: guard.setting, transporter: guard.transporter } }
				));
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

import type { BackbeatBroker, BrokerOptions } from "@backbeat/sdk";
import { gatewayPort } from "@backbeat/sdk/gateway";
import { createGatewayService } from "./gateway/service.js";
import { createPlatformBroker } from "./platform-broker.js";
import { createServices } from "./services.js";

export interface PlatformOptions {
	/** Gateway port; `0` picks a free one. Default `3000`. */
	readonly port?: number;
	/** Gateway address. Default `"127.0.0.1"`. */
	readonly host?: string;
	/** More broker options (transporter, channels, log level…); the platform's defaults otherwise. */
	readonly broker?: BrokerOptions;
}

export interface RunningPlatform {
	readonly broker: BackbeatBroker;
	/** `http://<host>:<port>`: the web root; the API is under `/api`, its reference page at `/api/docs`. */
	readonly url: string;
	stop(): Promise<void>;
}

/**
 * Every service of the platform and its gateway in one broker, on embedded
 * defaults (in-process transporter and channels, SQLite under
 * BACKBEAT_DATA_DIR); the catalog is generated on the first start.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
	const host = options.host ?? "127.0.0.1";
	const broker = createPlatformBroker({
		logLevel: "warn",
		...options.broker,
		services: [...createServices(), createGatewayService({ port: options.port ?? 3000, host })]
	});
	try {
		await broker.start();
	} catch (error) {
		await broker.stop().catch(() => {});
		throw error;
	}
	return { broker, url: `http://${host}:${gatewayPort(broker)}`, stop: () => broker.stop() };
}

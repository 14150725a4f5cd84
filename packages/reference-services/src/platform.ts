import { BackbeatError, type BackbeatBroker, type BrokerOptions } from "@backbeat/sdk";
import { gatewayPort } from "@backbeat/sdk/gateway";
import { createGatewayService } from "./gateway/service.js";
import { createPlatformBroker } from "./platform-broker.js";
import { createServices } from "./services.js";

/** The parts of the platform one process can run: the gateway and each service (the catalog's CRUD services come with it). */
export const PLATFORM_PARTS = [
	"gateway",
	"catalog",
	"users",
	"library",
	"playlists",
	"streaming",
	"payments",
	"payments-provider",
	"recommendations",
	"notifications"
] as const;
export type PlatformPart = (typeof PLATFORM_PARTS)[number];

/**
 * The part a service runs in: its own name when that is a part (the payment
 * provider runs apart from payments, as a single instance), else the part its
 * name starts with (catalog-tracks is the catalog's).
 */
function partOf(service: string): PlatformPart {
	return (PLATFORM_PARTS as readonly string[]).includes(service) ? (service as PlatformPart) : (service.split("-")[0] as PlatformPart);
}

/** `"users,catalog"` as parts; CONFIG_INVALID naming `setting` for an unknown one or an empty list. */
export function parsePlatformParts(text: string, setting: string): PlatformPart[] {
	const parts = text
		.split(",")
		.map(part => part.trim())
		.filter(part => part !== "");
	const unknown = parts.find(part => !(PLATFORM_PARTS as readonly string[]).includes(part));
	if (unknown !== undefined || parts.length === 0)
		throw new BackbeatError(
			"CONFIG_INVALID",
			`${setting}: expected a comma-separated list of ${PLATFORM_PARTS.join(", ")}, got '${text}'`,
			{
				data: { setting }
			}
		);
	return parts as PlatformPart[];
}

export interface PlatformOptions {
	/** The parts this process runs. Default all of `PLATFORM_PARTS` (embedded mode). */
	readonly services?: readonly PlatformPart[];
	/** Gateway port; `0` picks a free one. Default `3000`. */
	readonly port?: number;
	/** Gateway address. Default `"127.0.0.1"`. */
	readonly host?: string;
	/** More broker options (transporter, channels, log level…); the platform's defaults otherwise. */
	readonly broker?: BrokerOptions;
}

export interface RunningPlatform {
	readonly broker: BackbeatBroker;
	/** `http://<host>:<port>`: the web root; the API is under `/api`, its reference page at `/api/docs`. Empty without the gateway. */
	readonly url: string;
	stop(): Promise<void>;
}

/**
 * The platform's services and its gateway (or the chosen parts) in one
 * broker: on embedded defaults (in-process transporter and channels, SQLite
 * under BACKBEAT_DATA_DIR) unless BACKBEAT_TRANSPORTER, BACKBEAT_CHANNELS_URL
 * and BACKBEAT_DATABASE_URL say otherwise; the catalog is generated on its
 * first start.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
	const host = options.host ?? "127.0.0.1";
	const parts = new Set(options.services ?? PLATFORM_PARTS);
	const services = createServices().filter(service => parts.has(partOf(String(service.name))));
	const gateway = parts.has("gateway") ? [createGatewayService({ port: options.port ?? 3000, host })] : [];
	const broker = createPlatformBroker({
		...(process.env["BACKBEAT_LOG_LEVEL"] ? {} : { logLevel: "warn" as const }),
		...options.broker,
		services: [...services, ...gateway]
	});
	try {
		await broker.start();
	} catch (error) {
		await broker.stop().catch(() => {});
		throw error;
	}
	return { broker, url: gateway.length > 0 ? `http://${host}:${gatewayPort(broker)}` : "", stop: () => broker.stop() };
}

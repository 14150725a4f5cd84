import type { Contract } from "@backbeat/sdk";
import { createGateway } from "@backbeat/sdk/gateway";
import type { ServiceSchema } from "moleculer";
import { CatalogContract } from "../catalog/contract.js";
import { platformJwtSecret } from "../config/jwt-secret.js";
import { LibraryContract } from "../library/contract.js";
import { NotificationsContract } from "../notifications/contract.js";
import { PaymentsContract } from "../payments/contract.js";
import { PlaylistsContract } from "../playlists/contract.js";
import { RecommendationsContract } from "../recommendations/contract.js";
import { StreamingContract } from "../streaming/contract.js";
import { UsersContract } from "../users/contract.js";
import { webPlayerDir } from "./player-dir.js";

/** The contracts whose `http` bindings make up the platform's public API. */
export const PLATFORM_CONTRACTS: readonly Contract[] = [
	CatalogContract,
	UsersContract,
	LibraryContract,
	PlaylistsContract,
	StreamingContract,
	PaymentsContract,
	RecommendationsContract,
	NotificationsContract
];

export interface PlatformGatewayOptions {
	/** Port to listen on; `0` picks a free one (read it with `gatewayPort`). Default `3000`. */
	readonly port?: number;
	/** Address to listen on. Default `"127.0.0.1"`. */
	readonly host?: string;
	/** Contracts served under `/api`. Default `PLATFORM_CONTRACTS`. */
	readonly contracts?: readonly Contract[];
	/** Where recent traces are served, or `false`. Default `"/traces"`. */
	readonly tracesPath?: string | false;
	/** HS256 secret of the users service's access tokens. Default `platformJwtSecret()`. */
	readonly jwtSecret?: string;
	/** Static files served at `/`, or `false`. Default the built web player (`@backbeat/web-player`'s `dist/`) when there is one. */
	readonly publicDir?: string | false;
}

/**
 * The platform's gateway: the SDK's `createGateway` over the platform's
 * contracts, with the trace pages on (the platform is a demo of tracing)
 * and the web player at `/`.
 */
export function createGatewayService(options: PlatformGatewayOptions = {}): ServiceSchema {
	return createGateway({
		contracts: options.contracts ?? PLATFORM_CONTRACTS,
		port: options.port ?? 3000,
		host: options.host ?? "127.0.0.1",
		tracesPath: options.tracesPath ?? "/traces",
		auth: { secret: options.jwtSecret ?? platformJwtSecret() },
		publicDir: options.publicDir ?? webPlayerDir() ?? false
	});
}

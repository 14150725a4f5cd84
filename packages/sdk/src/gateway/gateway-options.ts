import type { Contract } from "../contract/define-contract.js";
import type { JwtOptions } from "./jwt-verifier.js";
import type { RateLimitOptions } from "./rate-limit.js";

export interface CorsOptions {
	/** Allowed origins: `"*"`, one origin or a list. */
	readonly origin: string | readonly string[];
	/** Allowed methods. Default: every method the gateway serves. */
	readonly methods?: readonly string[];
	/** Whether cookies and Authorization may be sent cross-origin. Default `false`. */
	readonly credentials?: boolean;
	/** Seconds a browser may cache a preflight answer. Default `600`. */
	readonly maxAge?: number;
}

export interface GatewayOptions {
	/** Contracts whose `http`-bound actions are served. Unbound actions are never reachable. */
	readonly contracts: readonly Contract[];
	/** Prefix of every route. Default `"/api"`. */
	readonly basePath?: string;
	/** Port to listen on; `0` picks a free one (read it with `gatewayPort`). Default `3000`. */
	readonly port?: number;
	/** Address to listen on. Default `"127.0.0.1"`. */
	readonly host?: string;
	/** Bearer JWT verification. Default: keys from `BACKBEAT_JWT_SECRET` / `BACKBEAT_JWKS_FILE`; required when an action is not public. */
	readonly auth?: JwtOptions;
	/** Request budgets per user, per address and per action, or `false`. Default: on, see RATE_LIMIT_DEFAULTS. */
	readonly rateLimit?: RateLimitOptions | false;
	/** Cross-origin requests, or `false`. Default `false` (same origin only). */
	readonly cors?: CorsOptions | false;
	/** Largest JSON body in bytes. Default 1 MiB. */
	readonly bodyLimit?: number;
	/** Serve `<basePath>/openapi.json` and the API reference at `<basePath>/docs`. Default `true`. */
	readonly docs?: boolean;
	/** Title and version of the OpenAPI document. Default `"Backbeat API"`, `"1.0.0"`. */
	readonly apiInfo?: { readonly title: string; readonly version: string };
	/** Where recent traces are served (JSON and a waterfall page), or `false`. Default `false`: they show every request's data. */
	readonly tracesPath?: string | false;
	/**
	 * A folder of static files served at `/` (its `index.html` for `/`, content
	 * types from the file names), for GET and HEAD requests that no route
	 * answers and that are not under `basePath` or `tracesPath`, or `false`.
	 * Default `false`.
	 */
	readonly publicDir?: string | false;
	/** Service name of the gateway. Default `"gateway"`. */
	readonly name?: string;
}

export const GATEWAY_DEFAULTS = {
	basePath: "/api",
	port: 3000,
	host: "127.0.0.1",
	bodyLimit: 1024 * 1024,
	docs: true,
	apiInfo: { title: "Backbeat API", version: "1.0.0" },
	tracesPath: false,
	publicDir: false,
	name: "gateway"
} as const;

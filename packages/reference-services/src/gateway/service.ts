import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServiceBroker, ServiceSchema } from "moleculer";
import ApiGateway, { type ApiRouteSchema, type ApiSettingsSchema } from "moleculer-web";
import { sendBackbeatError } from "./errors.js";
import { traceRequests } from "./http-tracing.js";
import { traceRoutes } from "./trace-routes.js";

export interface GatewayOptions {
	/** Port to listen on; `0` picks a free one (read it with `gatewayPort`). Default `3000`. */
	readonly port?: number;
	/** Address to listen on. Default `127.0.0.1`. */
	readonly host?: string;
	/** moleculer-web routes of the API. Default: the catalog's routes under `/api`. */
	readonly routes?: readonly ApiRouteSchema[];
	/** Where recent traces are served, or `false`. Default `/traces`. */
	readonly tracesPath?: string | false;
}

/** The platform's public routes. */
export const DEFAULT_ROUTES: readonly ApiRouteSchema[] = [
	{
		path: "/api",
		mappingPolicy: "restrict",
		aliases: {
			"GET /tracks/:id": "v1.catalog.getTrack",
			"GET /search": "v1.catalog.search"
		}
	}
];

/**
 * The HTTP gateway (moleculer-web): the platform's routes, a trace for every
 * request (W3C `traceparent` in and out, `x-trace-id` on every response), and
 * the recent traces as JSON and as a waterfall page.
 */
export function createGatewayService(options: GatewayOptions = {}): ServiceSchema {
	const tracesPath = options.tracesPath ?? "/traces";
	const routes = [...(options.routes ?? DEFAULT_ROUTES)];
	if (tracesPath !== false) routes.push(traceRoutes(tracesPath));
	const settings: ApiSettingsSchema = {
		port: options.port ?? 3000,
		ip: options.host ?? "127.0.0.1",
		routes,
		// moleculer-web calls a function here with (options, req, res); its typings only know the object form.
		rootCallOptions: traceRequests(tracesPath === false ? [] : [tracesPath]) as unknown as NonNullable<ApiSettingsSchema["rootCallOptions"]>,
		onError: sendBackbeatError,
		logRequest: "debug",
		logResponse: "debug"
	};
	return {
		name: "gateway",
		mixins: [ApiGateway as ServiceSchema],
		settings: settings as NonNullable<ServiceSchema["settings"]>
	};
}

/** The port the broker's gateway listens on (useful with `port: 0`). */
export function gatewayPort(broker: ServiceBroker): number | undefined {
	const service = broker.getLocalService("gateway") as { server?: Server } | undefined;
	const address = service?.server?.address() as AddressInfo | null | undefined;
	return address?.port;
}

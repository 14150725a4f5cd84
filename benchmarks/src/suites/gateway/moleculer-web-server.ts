import { gatewayPort } from "@backbeat/sdk/gateway";
import { type Context, ServiceBroker, type ServiceSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import { createItem, getItem, type NewItem } from "./items.js";
import type { RunningServer } from "./running-server.js";

/** Raw moleculer-web: two aliases to a plain Moleculer service in the same broker; no auth, no limits, no validation. */
export async function startMoleculerWeb(): Promise<RunningServer> {
	const broker = new ServiceBroker({ logger: false });
	broker.createService({
		name: "items",
		actions: {
			get: (ctx: Context<{ id: string }>) => getItem(ctx.params.id),
			create(ctx: Context<NewItem, { $statusCode?: number }>) {
				ctx.meta.$statusCode = 201;
				return createItem(ctx.params);
			}
		}
	});
	broker.createService({
		name: "api",
		mixins: [ApiGateway as unknown as ServiceSchema],
		settings: {
			port: 0,
			ip: "127.0.0.1",
			routes: [
				{
					path: "/api",
					mappingPolicy: "restrict",
					autoAliases: false,
					bodyParsers: { json: true, urlencoded: false },
					aliases: { "GET /items/:id": "items.get", "POST /items": "items.create" },
					logging: false
				}
			],
			logRequest: false,
			logResponse: false
		}
	});
	await broker.start();
	// gatewayPort reads any moleculer-web service's listening port by its name.
	return { port: gatewayPort(broker, "api")!, stop: () => broker.stop() };
}

import { createBroker, defineService } from "@backbeat/sdk";
import { createGateway, gatewayPort } from "@backbeat/sdk/gateway";
import { ItemsContract } from "./items-contract.js";
import { createItem, getItem } from "./items.js";
import { BENCH_RATE_LIMIT, type RunningServer } from "./running-server.js";

/**
 * The Backbeat gateway with bearer auth (HS256 `secret`) and rate limits on,
 * tracing off or on (every request sampled, spans kept by the in-memory
 * store). Params are validated; results are not, as in production
 * (`validateResults` is off when `NODE_ENV=production`).
 */
export async function startBackbeat(secret: string, tracing: boolean): Promise<RunningServer> {
	const items = defineService(ItemsContract, {
		actions: { getItem: ctx => getItem(ctx.params.id), createItem: ctx => createItem(ctx.params) }
	});
	const broker = createBroker({
		logLevel: "error",
		validateResults: false,
		tracing: tracing ? { sampleRatio: 1 } : false,
		services: [items, createGateway({ contracts: [ItemsContract], port: 0, auth: { secret }, rateLimit: BENCH_RATE_LIMIT })]
	});
	await broker.start();
	return { port: gatewayPort(broker)!, stop: () => broker.stop() };
}

import type { BackbeatBroker } from "../../src/broker/backbeat-broker.js";
import type { BrokerOptions } from "../../src/broker/broker-options.js";
import { BackbeatError } from "../../src/errors/backbeat-error.js";
import { createGateway, gatewayPort } from "../../src/gateway/create-gateway.js";
import type { GatewayOptions } from "../../src/gateway/gateway-options.js";
import { defineService } from "../../src/service/define-service.js";
import { startTestBroker, type TeardownHost } from "../../src/testing/index.js";
import type { z } from "zod";
import { type Item, ShopContract } from "./shop-contract.js";

export { ShopContract };

export const TEST_JWT_SECRET = "a-test-secret-of-at-least-32-characters!";

export interface Shop {
	readonly broker: BackbeatBroker;
	readonly base: string;
	/** How many items were created: a request that fails must not change it. */
	readonly created: () => number;
}

/** The shop service, in memory, and how many items it created. */
export function createShopService() {
	const items = new Map<string, z.infer<typeof Item>>([["i-1", { id: "i-1", name: "Lamp", price: 12.5, tags: ["home"] }]]);
	let sequence = 1;
	let created = 0;
	const shop = defineService(ShopContract, {
		actions: {
			getItem(ctx) {
				const item = items.get(ctx.params.id);
				if (!item) throw new BackbeatError("NOT_FOUND", `Item '${ctx.params.id}' does not exist`, { data: { id: ctx.params.id } });
				return item;
			},
			listItems: ctx => ({ echo: ctx.params }),
			createItem(ctx) {
				const item = { id: `i-${++sequence}`, ...ctx.params };
				items.set(item.id, item);
				created++;
				return item;
			},
			renameItem(ctx) {
				const item = items.get(ctx.params.id);
				if (!item) throw new BackbeatError("NOT_FOUND", `Item '${ctx.params.id}' does not exist`);
				item.name = ctx.params.name;
				return item;
			},
			deleteItem(ctx) {
				items.delete(ctx.params.id);
			},
			whoAmI(ctx) {
				const user = ctx.meta.user;
				if (!user) throw new BackbeatError("UNAUTHORIZED", "no user");
				return { id: user.id, roles: [...user.roles] };
			},
			fail() {
				throw new Error("database password is hunter2");
			},
			internalOnly: () => ({ secret: "s3cret" })
		}
	});
	return { service: shop, created: () => created };
}

/** The shop service behind a gateway on a free port, in one broker. */
export async function startShop(t: TeardownHost, gateway: Partial<GatewayOptions> = {}, broker: BrokerOptions = {}): Promise<Shop> {
	const shop = createShopService();
	const started = await startTestBroker(t, {
		services: [
			shop.service,
			createGateway({ contracts: [ShopContract], port: 0, auth: { secret: TEST_JWT_SECRET }, rateLimit: false, ...gateway })
		],
		...broker
	});
	return { broker: started, base: `http://127.0.0.1:${gatewayPort(started)}/api`, created: shop.created };
}

// A second gateway (with its own shop) in its own process, for tests of
// budgets shared through Redis. GATEWAY_PORT, RATE_REDIS_URL,
// RATE_KEY_PREFIX and RATE_PER_IP configure it. Prints "ready"; stops on SIGTERM.
import { createBroker } from "../../src/index.js";
import { createGateway } from "../../src/gateway/create-gateway.js";
import { createShopService, ShopContract, TEST_JWT_SECRET } from "./gateway-fixture.js";

const env = (name: string) => process.env[name] ?? "";
const broker = createBroker({
	logLevel: "warn",
	services: [
		createShopService().service,
		createGateway({
			contracts: [ShopContract],
			port: Number(env("GATEWAY_PORT")),
			auth: { secret: TEST_JWT_SECRET },
			rateLimit: {
				perIp: { points: Number(env("RATE_PER_IP")), durationSec: 60 },
				redisUrl: env("RATE_REDIS_URL"),
				keyPrefix: env("RATE_KEY_PREFIX")
			}
		})
	]
});
await broker.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void broker.stop().then(() => process.exit(0));
});

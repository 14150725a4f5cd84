// A second instance of the orders service in its own process, using the Redis
// idempotency store and a Redis counter. Prints "ready"; stops on SIGTERM.
import { Redis } from "ioredis";
import { createBroker } from "../../src/index.js";
import { createOrders } from "./orders.js";

const env = process.env;
const redis = new Redis(env["ORDERS_REDIS_URL"] ?? "");
const broker = createBroker({
	transporter: env["ORDERS_TRANSPORTER"] ?? "",
	namespace: env["ORDERS_NAMESPACE"] ?? "",
	idempotencyStore: env["ORDERS_REDIS_URL"] ?? "",
	logLevel: "warn",
	services: [createOrders({ redis, counterKey: env["ORDERS_COUNTER_KEY"] ?? "" }).service]
});
await broker.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void broker
		.stop()
		.then(() => redis.quit())
		.then(() => process.exit(0));
});

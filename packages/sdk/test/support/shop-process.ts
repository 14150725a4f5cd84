// Runs the gateway tests' shop service in its own process, for tests where
// the gateway and the service talk over a transporter. Prints "ready" once
// started; stops on SIGTERM.
import { createBroker } from "../../src/index.js";
import { createShopService } from "./gateway-fixture.js";

const broker = createBroker({
	transporter: process.env["SHOP_TRANSPORTER"] ?? "",
	namespace: process.env["SHOP_NAMESPACE"] ?? "",
	logLevel: "warn",
	services: [createShopService().service]
});
await broker.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void broker.stop().then(() => process.exit(0));
});

// A relay in its own process, for crash tests. With RELAY_CRASH_AFTER=n it
// SIGKILLs itself right after the broker acknowledged its n-th message, before
// the rows are marked sent: the worst moment to die.
import { createBroker, createRelay } from "../../src/index.js";
import { openProducerDatabase } from "./ledger.js";

const env = process.env;
const database = openProducerDatabase(env["RELAY_DB_URL"] ?? "");
const broker = createBroker({
	transporter: "in-process",
	channels: env["RELAY_CHANNELS"] ?? "",
	namespace: env["RELAY_NAMESPACE"] ?? "",
	logLevel: "fatal"
});
const crashAfter = Number(env["RELAY_CRASH_AFTER"] ?? "0");
await broker.start();
if (crashAfter > 0) {
	const send = broker.sendToChannel.bind(broker);
	let acknowledged = 0;
	broker.sendToChannel = async (channel, payload, options) => {
		await send(channel, payload, options);
		if (++acknowledged === crashAfter) process.kill(process.pid, "SIGKILL");
	};
}
const relay = createRelay(broker, database, { pollIntervalMs: 100, batchSize: 200 });
await relay.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void relay
		.stop()
		.then(() => broker.stop())
		.then(() => process.exit(0));
});

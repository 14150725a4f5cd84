// The songs database's outbox relay in a process of its own, for the crash test of entity events.
import { createBroker, createRelay } from "../../src/index.js";
import { openSongsDatabase } from "./crud-songs.js";

const env = process.env;
const database = openSongsDatabase(env["SONGS_DB_URL"] ?? "");
const broker = createBroker({
	transporter: "in-process",
	channels: env["SONGS_CHANNELS"] ?? "",
	namespace: env["SONGS_NAMESPACE"] ?? "",
	logLevel: "fatal"
});
await broker.start();
const relay = createRelay(broker, database, { pollIntervalMs: 50, batchSize: 50 });
await relay.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void relay
		.stop()
		.then(() => broker.stop())
		.then(() => process.exit(0));
});

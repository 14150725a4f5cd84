// The songs listener in its own process (see songs-listener.ts).
import { createBroker } from "../../src/index.js";
import { openListenerDatabase, songsListener } from "./songs-listener.js";

const env = process.env;
const database = openListenerDatabase(env["LISTENER_DB_URL"] ?? "");
const broker = createBroker({
	transporter: "in-process",
	channels: env["SONGS_CHANNELS"] ?? "",
	namespace: env["SONGS_NAMESPACE"] ?? "",
	logLevel: "warn",
	services: [songsListener(database)]
});
await broker.start();
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
	void broker
		.stop()
		.then(() => database.close())
		.then(() => process.exit(0));
});

// The listener's journey against `npm start`'s platform: every service and the gateway in one process.
import t from "tap";
import { startPlatform } from "../src/platform.js";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { walkJourney } from "./support/journey.js";

t.test("register → … → play → recommendations → upgrade → notifications, embedded", async t => {
	useTemporaryDataDir(t);
	const platform = await startPlatform({ port: 0 });
	t.teardown(() => platform.stop());
	await walkJourney(t, `${platform.url}/api`);
});

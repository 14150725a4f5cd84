import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { client } from "@backbeat/sdk";
import { ManualClock, seededRandom, startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { ForecastContract, forecastService } from "../src/forecast.js";
import { createWeather } from "../src/weather.js";

const exampleDir = dirname(dirname(fileURLToPath(import.meta.url)));

t.test("the defaults absorb two failures of an idempotent dependency", async t => {
	const weather = createWeather(2);
	const clock = new ManualClock({ autoAdvanceSleeps: true });
	const broker = await startTestBroker(t, {
		services: [weather.service, forecastService],
		resilience: { clock, random: seededRandom(3) }
	});
	t.same(await client(broker, ForecastContract).today({ city: "Oslo" }), { summary: "Oslo: 14 °C" });
	t.equal(weather.calls.get("Oslo"), 3);
	t.equal(clock.sleeps.length, 2, "two backoffs");
});

t.test("`npm start` runs the example end to end", async t => {
	const { stdout } = await promisify(execFile)(process.execPath, [join(exampleDir, "dist", "main.js")], { timeout: 30_000 });
	t.match(stdout, /retry {4}Lisbon: 16 °C after 3 calls to the station/);
	t.match(stdout, /circuit {2}Atlantis: SERVICE_UNAVAILABLE( CIRCUIT_OPEN){7}\n/);
	t.match(stdout, /the station saw 2 of those 8 calls/);
});

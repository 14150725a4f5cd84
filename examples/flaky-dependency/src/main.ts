// A flaky dependency handled by Backbeat's defaults: retries with full jitter
// for an idempotent action, a retry budget, and a circuit breaker that stops
// calling a station that is down. No option below changes a default except
// the circuit's thresholds, lowered so the demo trips it quickly.
import { BackbeatError, client, createBroker } from "@backbeat/sdk";
import { ForecastContract, forecastService } from "./forecast.js";
import { createWeather } from "./weather.js";

const weather = createWeather(2);
const broker = createBroker({
	logLevel: "error",
	services: [weather.service, forecastService],
	resilience: { circuitBreaker: { minRequests: 5, openMs: 60_000 } }
});
await broker.start();
try {
	const forecast = client(broker, ForecastContract);
	const { summary } = await forecast.today({ city: "Lisbon" });
	console.log(`retry    ${summary} after ${weather.calls.get("Lisbon")} calls to the station (2 failed, retried with backoff)`);

	const outcomes: string[] = [];
	for (let i = 0; i < 8; i++) {
		const outcome = await forecast.today({ city: "Atlantis" }, { retry: false }).catch((err: unknown) => err);
		outcomes.push(outcome instanceof BackbeatError ? outcome.code : "ok");
	}
	console.log(`circuit  Atlantis: ${outcomes.join(" ")}`);
	console.log(`circuit  the station saw ${weather.calls.get("Atlantis")} of those 8 calls; the rest failed fast`);
} finally {
	await broker.stop();
}

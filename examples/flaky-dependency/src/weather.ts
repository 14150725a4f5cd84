import { BackbeatError, defineContract, defineService } from "@backbeat/sdk";
import { z } from "zod";

export const WeatherContract = defineContract({
	name: "weather",
	version: 1,
	actions: {
		// idempotent: reading the weather twice is harmless, so Backbeat may retry it.
		current: {
			params: z.object({ city: z.string() }),
			returns: z.object({ city: z.string(), celsius: z.number() }),
			idempotent: true,
			timeout: 2000
		}
	}
});

/**
 * A weather station that drops the first `failuresPerCity` requests for each
 * city (as an overloaded upstream would), and is down entirely for "Atlantis".
 */
export function createWeather(failuresPerCity: number) {
	const calls = new Map<string, number>();
	const service = defineService(WeatherContract, {
		actions: {
			current(ctx) {
				const seen = (calls.get(ctx.params.city) ?? 0) + 1;
				calls.set(ctx.params.city, seen);
				if (ctx.params.city === "Atlantis" || seen <= failuresPerCity) {
					throw new BackbeatError("SERVICE_UNAVAILABLE", `weather station busy (call ${seen} for ${ctx.params.city})`);
				}
				return { city: ctx.params.city, celsius: 10 + ctx.params.city.length };
			}
		}
	});
	return { service, calls };
}

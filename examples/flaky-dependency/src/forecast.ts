import { client, defineContract, defineService } from "@backbeat/sdk";
import { z } from "zod";
import { WeatherContract } from "./weather.js";

export const ForecastContract = defineContract({
	name: "forecast",
	version: 1,
	actions: {
		today: { params: z.object({ city: z.string() }), returns: z.object({ summary: z.string() }), idempotent: true, timeout: 3000 }
	}
});

export const forecastService = defineService(ForecastContract, {
	actions: {
		async today(ctx) {
			// A nested call through ctx: it spends what is left of this call's 3 s deadline.
			const weather = await client(ctx, WeatherContract).current({ city: ctx.params.city });
			return { summary: `${weather.city}: ${weather.celsius} °C` };
		}
	}
});

import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

export const Track = z.object({
	id: z.string(),
	title: z.string(),
	artist: z.string(),
	durationMs: z.number().int().positive()
});

/** The catalog: read-only track lookup and search. */
export const CatalogContract = defineContract({
	name: "catalog",
	version: 1,
	actions: {
		getTrack: {
			params: z.object({ id: z.string().min(1) }),
			returns: Track,
			idempotent: true,
			timeout: 2000,
			http: "GET /tracks/:id",
			auth: "public"
		},
		search: {
			params: z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(50).default(10) }),
			returns: z.object({ tracks: z.array(Track) }),
			idempotent: true,
			timeout: 2000,
			http: "GET /search",
			auth: "public"
		}
		// backbeat: actions end
	},
	events: {
		// backbeat: events end
	}
});

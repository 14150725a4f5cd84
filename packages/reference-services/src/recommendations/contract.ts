import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { Track } from "../catalog/schemas.js";

/** The most tracks a weekly mix holds. */
export const WEEKLY_MIX_SIZE = 30;

const Limit = z.int().min(1).max(50).default(20);
const Tracks = z.object({ items: z.array(Track) });

/** Recommendations from what users play, like and add to playlists (kept from those services' events). */
export const RecommendationsContract = defineContract({
	name: "recommendations",
	version: 1,
	actions: {
		forYou: {
			params: z.object({ limit: Limit }),
			returns: Tracks,
			idempotent: true,
			description:
				"Tracks that go with what the signed-in user listened to and liked, best first, without the tracks they liked; popular tracks fill up",
			http: "GET /me/recommendations"
		},
		similar: {
			params: z.object({ id: z.string().min(1).max(64), limit: Limit }),
			returns: Tracks,
			idempotent: true,
			description: "Tracks listened to together with the track, then popular ones; an unknown track is 404",
			http: "GET /tracks/:id/similar",
			auth: "public"
		},
		weeklyMix: {
			params: z.object({}),
			returns: z.object({ weekOf: z.iso.date(), items: z.array(Track) }),
			idempotent: true,
			description: `${WEEKLY_MIX_SIZE} tracks for the user's week (weekOf: its Monday, UTC); the same all week`,
			http: "GET /me/weekly-mix"
		}
		// backbeat: actions end
	}
});

import { binaryStream, defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { Track } from "../catalog/schemas.js";
import { STREAMING_EVENTS } from "./events.js";

const Id = z.string().min(1).max(64);
const PlayId = z.uuid();
const Position = z
	.int()
	.min(0)
	.max(24 * 3600 * 1000);

export const PlayStart = z.object({
	playId: z.string(),
	/** A gateway path (`/api/stream/…`) signed for a few minutes: an `<audio>` element fetches it with Range requests, no bearer header. */
	streamUrl: z.string(),
	/** kbit/s of the rendition: 160 on the free plan, 320 on premium. */
	bitrate: z.int(),
	/** Free plan: every 4th play starts with an ad. */
	ad: z.boolean(),
	/** Length of the audio in milliseconds. */
	durationMs: z.int()
});

export const RecentPlay = z.object({
	playId: z.string(),
	playedAt: z.iso.datetime(),
	bitrate: z.int(),
	state: z.enum(["playing", "completed", "skipped"]),
	positionMs: z.int(),
	track: Track
});

/** Plays: entitlement-aware start, signed Range-served audio, progress/complete/skip reported to the outbox. */
export const StreamingContract = defineContract({
	name: "streaming",
	version: 1,
	actions: {
		start: {
			params: z.object({ trackId: Id, context: z.string().max(200).optional() }),
			returns: PlayStart,
			description: "Starts a play: the bitrate and ads follow the listener's plan",
			http: { method: "POST", path: "/plays", status: 201 }
		},
		audio: {
			params: z.object({
				playId: PlayId,
				track: Id,
				kbps: z.literal([160, 320]),
				expires: z.int().min(0),
				signature: z.string().max(128),
				range: z.string().max(200).optional()
			}),
			returns: binaryStream("audio/mpeg"),
			idempotent: true,
			auth: "public",
			description:
				"The audio of a play, from its signed `streamUrl`: 200 whole, 206 for a `Range: bytes=…` (the first range of several), 416 past the end, 403 for a bad or expired signature",
			http: { method: "GET", path: "/stream/:playId", headers: { range: "Range" } }
		},
		progress: {
			params: z.object({ playId: PlayId, positionMs: Position }),
			returns: z.void(),
			http: "POST /plays/:playId/progress"
		},
		complete: {
			params: z.object({ playId: PlayId }),
			returns: z.void(),
			description: "Completing a completed play again changes nothing; a skipped play is 409",
			http: "POST /plays/:playId/complete"
		},
		skip: {
			params: z.object({ playId: PlayId, positionMs: Position }),
			returns: z.void(),
			description: "Skipping a skipped play again changes nothing; a completed play is 409",
			http: "POST /plays/:playId/skip"
		},
		recentlyPlayed: {
			params: z.object({ limit: z.int().min(1).max(50).default(20) }),
			returns: z.object({ items: z.array(RecentPlay) }),
			idempotent: true,
			http: "GET /me/player/recently-played"
		}
		// backbeat: actions end
	},
	events: STREAMING_EVENTS
});

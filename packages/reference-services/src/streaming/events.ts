import { z } from "zod";

/**
 * What the streaming service publishes (through its outbox) about each play.
 * Royalties are paid from these: every one is delivered, and consumers
 * deduplicate by event id, so none is lost or counted twice.
 */
const PlayFields = {
	playId: z.string(),
	userId: z.string(),
	trackId: z.string(),
	/** Rendition served, kbit/s: 160 (free) or 320 (premium). */
	bitrate: z.int(),
	/** Where the listener was, in milliseconds from the track's start. */
	positionMs: z.int().min(0),
	/** The track's length in milliseconds. */
	durationMs: z.int().min(0),
	at: z.iso.datetime()
};

export const PlayStarted = z.object({ ...PlayFields, context: z.string().nullable() });
export const PlayProgressed = z.object(PlayFields);
export const PlayCompleted = z.object(PlayFields);
export const PlaySkipped = z.object(PlayFields);

export const STREAMING_EVENTS = {
	playStarted: { payload: PlayStarted },
	playProgressed: { payload: PlayProgressed },
	playCompleted: { payload: PlayCompleted },
	playSkipped: { payload: PlaySkipped }
} as const;

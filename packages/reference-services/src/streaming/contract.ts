import { defineContract } from "@backbeat/sdk";
import { STREAMING_EVENTS } from "./events.js";

/** Plays: entitlement-aware start, signed Range-served audio, progress/complete/skip reported to the outbox. */
export const StreamingContract = defineContract({
	name: "streaming",
	version: 1,
	actions: {
		// backbeat: actions end
	},
	events: STREAMING_EVENTS
});

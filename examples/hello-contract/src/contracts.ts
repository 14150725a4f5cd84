import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The greeter's API: one action and the event it emits. Types come from these schemas. */
export const GreeterContract = defineContract({
	name: "greeter",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone and announces it"
		}
	},
	events: {
		greeted: { payload: z.object({ name: z.string(), at: z.string() }) }
	}
});

/** The guestbook remembers everyone the greeter greeted. */
export const GuestbookContract = defineContract({
	name: "guestbook",
	version: 1,
	actions: {
		list: { params: z.object({}), returns: z.object({ names: z.array(z.string()) }) }
	}
});

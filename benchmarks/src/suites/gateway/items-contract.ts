// The contract of items.ts's functions, as the Backbeat gateway serves them.
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

const Item = z.object({
	id: z.string(),
	name: z.string(),
	price: z.number(),
	tags: z.array(z.string()),
	description: z.string().optional()
});

const NewItem = z
	.object({
		name: z.string().min(1).max(100),
		price: z.number().positive(),
		tags: z.array(z.string()).max(20),
		description: z.string().max(4000)
	})
	.strict();

/** Both actions need a signed-in user, so every request's bearer token is verified. */
export const ItemsContract = defineContract({
	name: "items",
	version: 1,
	actions: {
		getItem: { params: z.object({ id: z.string().min(1) }), returns: Item, http: "GET /items/:id", auth: "user" },
		createItem: { params: NewItem, returns: Item, http: { method: "POST", path: "/items", status: 201 }, auth: "user" }
	}
});

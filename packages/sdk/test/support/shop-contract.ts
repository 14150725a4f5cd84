// The shop's contract alone: it imports only the contract module and zod, so a browser bundle of it (with the HTTP client) can be checked.
import { z } from "zod";
import { defineContract } from "../../src/contract/define-contract.js";

export const Item = z.object({ id: z.string(), name: z.string(), price: z.number(), tags: z.array(z.string()) });

/** A contract that exercises every binding feature: path, query of each JSON type, body, 201, 204, auth and roles. */
export const ShopContract = defineContract({
	name: "shop",
	version: 1,
	actions: {
		getItem: { params: z.object({ id: z.string().min(1) }), returns: Item, http: "GET /items/:id", auth: "public" },
		listItems: {
			params: z
				.object({
					limit: z.number().int().min(1).max(50).default(20),
					minPrice: z.number().optional(),
					inStock: z.boolean().optional(),
					tags: z.array(z.string()).optional(),
					ids: z.array(z.number().int()).optional()
				})
				.strict(),
			returns: z.object({ echo: z.record(z.string(), z.unknown()) }),
			http: "GET /items",
			auth: "public"
		},
		createItem: {
			params: z
				.object({ name: z.string().min(1).max(100), price: z.number().positive(), tags: z.array(z.string()).default([]) })
				.strict(),
			returns: Item,
			http: { method: "POST", path: "/items", status: 201 },
			auth: "user"
		},
		renameItem: {
			params: z.object({ id: z.string(), name: z.string().min(1) }),
			returns: Item,
			http: "PUT /items/:id",
			auth: { roles: ["admin"] }
		},
		deleteItem: { params: z.object({ id: z.string() }), returns: z.void(), http: "DELETE /items/:id", auth: "user" },
		whoAmI: {
			params: z.object({}),
			returns: z.object({ id: z.string(), roles: z.array(z.string()) }),
			http: "GET /me"
		},
		fail: { params: z.object({}), returns: z.object({}), http: "POST /fail", auth: "public" },
		internalOnly: { params: z.object({}), returns: z.object({ secret: z.string() }) }
	}
});

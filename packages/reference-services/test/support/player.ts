// A player service that calls the catalog and records each play as an outbox
// event in one transaction, and listeners that consume those events.
import { client, consume, defineContract, defineService, type Database } from "@backbeat/sdk";
import { z } from "zod";
import { CatalogContract } from "../../src/catalog/contract.js";

export const PlayerContract = defineContract({
	name: "player",
	version: 1,
	actions: {
		play: {
			params: z.object({ trackId: z.string() }),
			returns: z.object({ title: z.string() }),
			http: "GET /play/:trackId",
			auth: "public"
		}
	},
	events: { played: { payload: z.object({ trackId: z.string(), title: z.string() }) } }
});

/** `play` looks the track up in the catalog, then commits a `played` event in the request's trace. */
export function playerService(db: Database<Record<string, never>>) {
	return defineService(PlayerContract, {
		outbox: { database: db, relay: { pollIntervalMs: 100 } },
		actions: {
			async play(ctx) {
				const { title } = await client(ctx, CatalogContract).getTrack({ id: ctx.params.trackId });
				await db.transaction(ctx, tx =>
					tx.publish(PlayerContract, "played", { trackId: ctx.params.trackId, title }, { key: ctx.params.trackId })
				);
				return { title };
			}
		}
	});
}

/** A service named `name` that consumes `played` (its group is `v1.<name>`). */
export function listenerService(name: string, db: Database<Record<string, never>>) {
	return defineService(defineContract({ name, version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(PlayerContract, db, { async played() {} })]
	});
}

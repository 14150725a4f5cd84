import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { CatalogContract } from "./contract.js";
import { CatalogStore, DEMO_TRACKS } from "./store.js";

export function createCatalogService(store = new CatalogStore(DEMO_TRACKS)): ServiceDefinition {
	return defineService(CatalogContract, {
		actions: {
			getTrack(ctx) {
				const track = store.get(ctx.params.id);
				if (!track)
					throw new BackbeatError("NOT_FOUND", `Track '${ctx.params.id}' does not exist`, { data: { id: ctx.params.id } });
				return track;
			},
			search: ctx => ({ tracks: store.search(ctx.params.query, ctx.params.limit) })
			// backbeat: actions end
		},
		subscriptions: [
			on(CatalogContract, {
				// backbeat: event handlers end
			})
		]
	});
}

// moleculer-db's DbService on the crud adapter, in a broker from createBroker.
import DbService from "moleculer-db";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { CrudAdapter } from "../../src/crud/index.js";
import { BackbeatError, createBroker, type BackbeatBroker, type Database } from "../../src/index.js";
import { uniqueNamespace } from "../../src/testing/index.js";
import { tracksAdapter, type CrudTracksTables } from "./crud-tracks.js";

/**
 * `tracks` with DbService's standard actions (its `idField` is the default
 * `_id`, so ids travel through the adapter's transforms), plus
 * `addPairThenFail`, which inserts two rows through the adapter inside
 * `db.transaction(ctx, …)` and then throws.
 */
export async function startTracksService(db: Database<CrudTracksTables>): Promise<BackbeatBroker> {
	const adapter = tracksAdapter(db);
	const broker = createBroker({ transporter: "in-process", namespace: uniqueNamespace("crud"), logLevel: "error" });
	// moleculer 0.15's ServiceSchema has no `adapter` key, so the schema is typed with it
	const schema: ServiceSchema & { adapter: CrudAdapter } = {
		name: "tracks",
		// moleculer-db's typings declare DbService as a class; at run time it is a service schema
		mixins: [DbService as unknown as ServiceSchema],
		adapter,
		settings: { pageSize: 2 } as ServiceSettingSchema,
		actions: {
			addPairThenFail: {
				async handler(ctx: Context<{ title: string }>) {
					return db.transaction(ctx, async () => {
						await adapter.insert({ title: ctx.params.title });
						await adapter.insert({ title: `${ctx.params.title} (2)` });
						throw new BackbeatError("CONFLICT", "the pair was refused");
					});
				}
			}
		}
	};
	broker.createService(schema);
	await broker.start();
	return broker;
}

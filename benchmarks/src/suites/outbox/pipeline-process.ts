// One part of the distributed outbox pipeline in its own process, as a
// service would run it: a relay, or the consumers. Argument: JSON config.
// Prints "ready {}" once it works. On SIGTERM Moleculer's own handler stops
// the broker (and with it the services below) and exits.
import { createBroker, defineContract, defineService, openDatabase, type RelayOptions } from "@backbeat/sdk";
import type { ServiceSchema } from "moleculer";
import { consumerMigrations, type ConsumerTables } from "./bench-ledger.js";
import { consumerServices, type ConsumerTuning } from "./consumer-services.js";

export type PipelineProcessConfig =
	| { role: "relay"; channels: string; namespace: string; databaseUrl: string; relay: RelayOptions; poolSize: number }
	| { role: "consumer"; channels: string; namespace: string; databaseUrl: string; tuning: ConsumerTuning; poolSize?: number };

const RelayHostContract = defineContract({ name: "bench-ledger-relay", version: 1, actions: {} });

const config = JSON.parse(process.argv[2] ?? "{}") as PipelineProcessConfig;
const broker = createBroker({ transporter: "in-process", channels: config.channels, namespace: config.namespace, logLevel: "warn" });

if (config.role === "relay") {
	// The producer applied the migrations; this process only relays its outbox.
	const db = openDatabase<unknown>({ url: config.databaseUrl, poolSize: config.poolSize });
	// A service with an outbox runs a relay from start to stop: the SDK's way to host one.
	broker.createService(
		defineService(RelayHostContract, {
			actions: {},
			outbox: { database: db, relay: config.relay },
			stopped: () => db.close()
		}) as ServiceSchema
	);
} else {
	const db = openDatabase<ConsumerTables>({
		url: config.databaseUrl,
		migrations: consumerMigrations,
		...(config.poolSize === undefined ? {} : { poolSize: config.poolSize })
	});
	await db.migrate();
	for (const service of consumerServices(db, config.tuning)) broker.createService(service);
	// The suite stops this process only after every event was handled, so nothing still uses the pool.
	broker.createService({ name: "bench-consumer-process", stopped: () => db.close() });
}
await broker.start();
process.stdout.write("ready {}\n");

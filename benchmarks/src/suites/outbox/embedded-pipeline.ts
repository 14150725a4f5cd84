import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBroker, createRelay, openDatabase, type Relay, type RelayOptions } from "@backbeat/sdk";
import { consumerMigrations, producerMigrations, RAW_CHANNEL, type ConsumerTables, type ProducerTables } from "./bench-ledger.js";
import { consumerServices, type ConsumerTuning } from "./consumer-services.js";
import type { Pipeline } from "./pipeline.js";

/**
 * Embedded mode as `npm start` runs it: one process, one broker with the
 * in-process channel adapter, SQLite files (in a temporary folder removed by
 * `stop()`), and at most one relay, the only kind SQLite takes.
 */
export async function startEmbeddedPipeline(relayOptions: RelayOptions, tuning: ConsumerTuning): Promise<Pipeline> {
	const dir = mkdtempSync(join(tmpdir(), "bench-outbox-"));
	const producer = openDatabase<ProducerTables>({ url: `sqlite:${join(dir, "producer.sqlite")}`, migrations: producerMigrations });
	const consumer = openDatabase<ConsumerTables>({ url: `sqlite:${join(dir, "consumer.sqlite")}`, migrations: consumerMigrations });
	const broker = createBroker({
		transporter: "in-process",
		channels: "in-process",
		logLevel: "warn",
		services: consumerServices(consumer, tuning)
	});
	let relay: Relay | undefined;

	const stop = async () => {
		await relay?.stop();
		await broker.stop();
		await Promise.allSettled([producer.close(), consumer.close()]);
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		await Promise.all([producer.migrate(), consumer.migrate()]);
		await broker.start();
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		producer,
		consumer,
		sendRaw: envelope => broker.sendToChannel(RAW_CHANNEL, envelope),
		async useRelays(count) {
			if (count > 1) throw new Error("SQLite takes one relay");
			if (count === 0 && relay) {
				await relay.stop();
				relay = undefined;
			} else if (count === 1 && !relay) {
				relay = createRelay(broker, producer, relayOptions);
				await relay.start();
			}
		},
		stop
	};
}

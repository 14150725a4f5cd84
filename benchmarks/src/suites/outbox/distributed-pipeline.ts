import { randomBytes } from "node:crypto";
import { createBroker, openDatabase, type RelayOptions } from "@backbeat/sdk";
import { startChild, type Child } from "../../runner/child.js";
import { dropSchemas, freshSchema, schemaUrl } from "../postgres-schemas.js";
import { producerMigrations, RAW_CHANNEL, type ConsumerTables, type ProducerTables } from "./bench-ledger.js";
import type { ConsumerTuning } from "./consumer-services.js";
import type { Pipeline } from "./pipeline.js";
import type { PipelineProcessConfig } from "./pipeline-process.js";
import { deleteChannelData } from "./shared-servers.js";

const processScript = new URL("./pipeline-process.js", import.meta.url);

export interface DistributedOptions {
	/** `postgres://…/db`; the pipeline adds schemas of its own. */
	readonly postgresUrl: string;
	/** `nats://…` (JetStream) or `redis://…` (Redis Streams). */
	readonly channels: string;
	/** Producer connections, one per concurrent writer. */
	readonly producerPoolSize: number;
	readonly relay: RelayOptions;
	/** A relay needs a connection for LISTEN, one for its round and one for the cleanup. */
	readonly relayPoolSize: number;
	readonly consumer: ConsumerTuning;
	/** Consumer connections. Default the SDK's (10). */
	readonly consumerPoolSize?: number;
}

/**
 * The distributed layout: the producer (and the raw baseline's publisher) in
 * this process, each relay in a process of its own, the consumers in another,
 * over PostgreSQL and a real channels server, in fresh schemas and a fresh
 * channels namespace that `stop()` removes.
 */
export async function startDistributedPipeline(options: DistributedOptions): Promise<Pipeline> {
	const namespace = `bench-outbox-${randomBytes(3).toString("hex")}`;
	const schemas = [freshSchema("producer"), freshSchema("consumer")] as const;
	const [producerUrl, consumerUrl] = schemas.map(schema => schemaUrl(options.postgresUrl, schema)) as [string, string];
	const producer = openDatabase<ProducerTables>({ url: producerUrl, migrations: producerMigrations, poolSize: options.producerPoolSize });
	const consumer = openDatabase<ConsumerTables>({ url: consumerUrl, poolSize: 2 });
	const publisher = createBroker({ transporter: "in-process", channels: options.channels, namespace, logLevel: "warn" });
	const children: Child<unknown>[] = [];
	const relays: Child<unknown>[] = [];

	const stop = async () => {
		await Promise.allSettled([...relays, ...children].map(child => child.stop()));
		await Promise.allSettled([publisher.stop(), producer.close(), consumer.close()]);
		await dropSchemas(options.postgresUrl, schemas);
		await deleteChannelData(options.channels, namespace);
	};

	try {
		await producer.migrate();
		const consumerConfig: PipelineProcessConfig = {
			role: "consumer",
			channels: options.channels,
			namespace,
			databaseUrl: consumerUrl,
			tuning: options.consumer,
			...(options.consumerPoolSize === undefined ? {} : { poolSize: options.consumerPoolSize })
		};
		// The consumer subscribes first: on JetStream that creates the raw channel's stream the publisher needs.
		children.push(await startChild(processScript, consumerConfig));
		await publisher.start();
	} catch (error) {
		await stop();
		throw error;
	}
	const send = (publisher as unknown as { sendToChannel(channel: string, payload: unknown): Promise<void> }).sendToChannel.bind(
		publisher
	);

	return {
		producer,
		consumer,
		sendRaw: envelope => send(RAW_CHANNEL, envelope),
		async useRelays(count) {
			while (relays.length > count) await relays.pop()?.stop();
			const config: PipelineProcessConfig = {
				role: "relay",
				channels: options.channels,
				namespace,
				databaseUrl: producerUrl,
				relay: options.relay,
				poolSize: options.relayPoolSize
			};
			const started = await Promise.all(Array.from({ length: count - relays.length }, () => startChild(processScript, config)));
			relays.push(...started);
		},
		stop
	};
}

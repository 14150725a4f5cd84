import type { ServiceBroker } from "moleculer";
import { METRICS } from "../../src/index.js";
import { eventually } from "../../src/testing/index.js";

/** The sum of a counter over all its label sets (0 before anything was counted). */
export function counterTotal(broker: ServiceBroker, name: string): number {
	const metric = broker.metrics.getMetric(name);
	if (!metric) return 0;
	return (metric.snapshot() as Array<{ value: number }>).reduce((sum, item) => sum + item.value, 0);
}

/** Deliveries the broker's consumers have finished with: handled, skipped as duplicates, or moved to the dead letters. Needs `metrics: true`. */
export function deliveriesFinished(broker: ServiceBroker): number {
	return (
		counterTotal(broker, METRICS.inboxHandled) +
		counterTotal(broker, METRICS.inboxDuplicates) +
		counterTotal(broker, METRICS.deadLettered)
	);
}

/**
 * Waits until the consumers of `broker` have finished at least `count`
 * deliveries: once they have finished every message the relay published,
 * nothing is left in flight, so a duplicate or phantom would already show.
 */
export async function waitForDeliveries(broker: ServiceBroker, count: () => number, timeoutMs = 30_000): Promise<void> {
	await eventually(() => deliveriesFinished(broker) >= count(), { timeoutMs, what: "every published message finished by the consumers" });
}

/**
 * Waits until the channels server has nothing left to deliver to any consumer
 * group of `namespace` (every consumer group when it is `""`): no message
 * waiting, none delivered and not yet acknowledged. Every message is then
 * handled, skipped as a duplicate or dead-lettered, so a duplicate would
 * already show. JetStream (`nats://`) or Redis Streams (`redis://`).
 */
export async function waitForChannelsDrained(channelsUrl: string, namespace: string, timeoutMs = 30_000): Promise<void> {
	const probe = channelsUrl.startsWith("nats://")
		? await jetStreamProbe(channelsUrl, namespace)
		: await redisStreamsProbe(channelsUrl, namespace);
	try {
		await eventually(probe.drained, { timeoutMs, intervalMs: 50, what: `the channels of ${namespace || "every namespace"} drained` });
	} finally {
		await probe.close();
	}
}

interface DrainProbe {
	drained(): Promise<boolean>;
	close(): Promise<void>;
}

async function jetStreamProbe(natsUrl: string, namespace: string): Promise<DrainProbe> {
	const { connect } = await import("nats");
	const nc = await connect({ servers: new URL(natsUrl).host });
	const jsm = await nc.jetstreamManager();
	// JetStream stream names can't hold dots; the channels adapter writes them as underscores.
	const prefix = namespace.replace(/\./g, "_");
	return {
		async drained() {
			for await (const stream of jsm.streams.list()) {
				if (!stream.config.name.startsWith(prefix)) continue;
				for await (const consumer of jsm.consumers.list(stream.config.name)) {
					if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) return false;
				}
			}
			return true;
		},
		close: () => nc.close()
	};
}

async function redisStreamsProbe(redisUrl: string, namespace: string): Promise<DrainProbe> {
	const { Redis } = await import("ioredis");
	const redis = new Redis(redisUrl);
	const field = (list: unknown[], name: string) => list[list.indexOf(name) + 1];
	return {
		async drained() {
			const [, keys] = (await redis.call("SCAN", "0", "MATCH", `${namespace}*`, "COUNT", "10000", "TYPE", "stream")) as [
				string,
				string[]
			];
			for (const key of keys) {
				const lastId = field((await redis.xinfo("STREAM", key)) as unknown[], "last-generated-id");
				for (const group of (await redis.xinfo("GROUPS", key)) as unknown[][]) {
					if (Number(field(group, "pending")) > 0 || field(group, "last-delivered-id") !== lastId) return false;
				}
			}
			return true;
		},
		close: async () => {
			await redis.quit();
		}
	};
}

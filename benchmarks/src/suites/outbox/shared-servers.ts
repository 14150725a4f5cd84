import { Redis } from "ioredis";
import { connect } from "nats";

/**
 * Deletes what a channels namespace left on a shared server: @moleculer/channels
 * names JetStream streams after the prefixed subject with dots as underscores,
 * and Redis streams `<namespace>.<channel>`.
 */
export async function deleteChannelData(channelsUrl: string, namespace: string): Promise<number> {
	let deleted = 0;
	if (channelsUrl.startsWith("nats://")) {
		const nc = await connect({ servers: new URL(channelsUrl).host });
		try {
			const jsm = await nc.jetstreamManager();
			const prefix = namespace.replace(/\./g, "_");
			for await (const stream of jsm.streams.list()) {
				if (stream.config.name.startsWith(`${prefix}_`)) {
					await jsm.streams.delete(stream.config.name);
					deleted++;
				}
			}
		} finally {
			await nc.close();
		}
	} else if (channelsUrl.startsWith("redis://")) {
		const redis = new Redis(channelsUrl, { lazyConnect: true });
		await redis.connect();
		try {
			const keys = await redis.keys(`${namespace}.*`);
			if (keys.length > 0) deleted = await redis.del(...keys);
		} finally {
			await redis.quit();
		}
	}
	return deleted;
}

import { registerTeardown, type TeardownHost } from "./teardown.js";

/**
 * When the test ends, deletes the JetStream streams (`nats://…`) or Redis
 * streams (`redis://…`) that a namespace's channels created on a shared
 * server; nothing for in-process channels. Needs the `nats` or `ioredis`
 * package for those servers.
 */
export function cleanChannels(t: TeardownHost, channelsUrl: string, namespace: string): void {
	registerTeardown(t, async () => {
		if (channelsUrl.startsWith("nats://")) {
			const { connect } = await import("nats");
			const nc = await connect({ servers: new URL(channelsUrl).host });
			try {
				const jsm = await nc.jetstreamManager();
				// JetStream stream names can't hold dots; the channels adapter writes them as underscores.
				const prefix = namespace.replace(/\./g, "_");
				for await (const stream of jsm.streams.list()) {
					if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
				}
			} finally {
				await nc.close();
			}
		} else if (channelsUrl.startsWith("redis://")) {
			const { Redis } = await import("ioredis");
			const redis = new Redis(channelsUrl);
			try {
				const keys = await redis.keys(`${namespace}.*`);
				if (keys.length > 0) await redis.del(...keys);
			} finally {
				await redis.quit();
			}
		}
	});
}

import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { connect } from "nats";
import pg from "pg";

/** A schema name no other run shares; the SDK creates it on first use. */
export function freshSchema(role: string): string {
	return `bench_${randomBytes(4).toString("hex")}_${role}`;
}

/** `postgres://…/db?schema=<schema>`: the SDK puts the service's and its own tables there. */
export function schemaUrl(baseUrl: string, schema: string): string {
	const url = new URL(baseUrl);
	url.searchParams.set("schema", schema);
	return url.toString();
}

export async function dropSchemas(baseUrl: string, schemas: readonly string[]): Promise<void> {
	const client = new pg.Client({ connectionString: baseUrl });
	await client.connect();
	try {
		for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
	} finally {
		await client.end();
	}
}

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

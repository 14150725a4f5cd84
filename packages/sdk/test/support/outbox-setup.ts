import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { connect } from "nats";
import type { Test } from "tap";
import { serverUrl } from "../../src/testing/index.js";

/** A database URL of its own for one test: a fresh PostgreSQL schema (dropped afterwards) or a SQLite file in the test's folder. */
export function testDatabaseUrl(t: Test, dialect: "postgres" | "sqlite", name: string): string {
	if (dialect === "sqlite") {
		const dir = mkdtempSync(join(tmpdir(), `backbeat-${name}-`));
		t.teardown(() => rmSync(dir, { recursive: true, force: true }));
		return `sqlite:${join(dir, `${name}.sqlite`)}`;
	}
	const schema = `t_${name.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
	const base = serverUrl("postgres");
	t.teardown(async () => {
		const client = new pg.Client({ connectionString: base });
		await client.connect();
		await client.query(`drop schema if exists ${schema} cascade`);
		await client.end();
	});
	return `${base}?schema=${schema}`;
}

/** Removes the JetStream streams or Redis streams a namespace created on a shared server. */
export function cleanChannels(t: Test, channelsUrl: string, namespace: string): void {
	t.teardown(async () => {
		if (channelsUrl.startsWith("nats://")) {
			const nc = await connect({ servers: new URL(channelsUrl).host });
			const jsm = await nc.jetstreamManager();
			for await (const stream of jsm.streams.list()) {
				if (stream.config.name.startsWith(namespace.replace(/\./g, "_"))) await jsm.streams.delete(stream.config.name);
			}
			await nc.close();
		} else if (channelsUrl.startsWith("redis://")) {
			const redis = new Redis(channelsUrl);
			const keys = await redis.keys(`${namespace}.*`);
			if (keys.length > 0) await redis.del(...keys);
			await redis.quit();
		}
	});
}

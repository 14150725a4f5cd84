import { randomBytes } from "node:crypto";
import { serverUrl } from "@backbeat/sdk/testing";
import { connect } from "nats";
import pg from "pg";

type Teardown = { teardown(fn: () => unknown): void };

/**
 * A PostgreSQL database URL of its own for one test: a fresh schema in the
 * shared `test` database (`?schema=`, as the SDK reads it), dropped with
 * everything in it when the test ends. `query` reads that schema.
 */
export function postgresSchema(t: Teardown, name: string) {
	const schema = `t_${name.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
	const base = serverUrl("postgres");
	const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
		const client = new pg.Client({ connectionString: base });
		await client.connect();
		try {
			await client.query(`set search_path to ${schema}`);
			return (await client.query<R>(text, values)).rows;
		} finally {
			await client.end();
		}
	};
	t.teardown(() => query(`drop schema if exists ${schema} cascade`));
	return { url: `${base}?schema=${schema}`, schema, query };
}

/** Deletes, when the test ends, the JetStream streams its namespace made on the shared NATS server. */
export function cleanJetStream(t: Teardown, namespace: string): void {
	t.teardown(async () => {
		const nc = await connect({ servers: new URL(serverUrl("nats")).host });
		const jsm = await nc.jetstreamManager();
		for await (const stream of jsm.streams.list()) {
			if (stream.config.name.startsWith(namespace)) await jsm.streams.delete(stream.config.name);
		}
		await nc.close();
	});
}

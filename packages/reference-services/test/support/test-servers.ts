import { randomBytes } from "node:crypto";
import { openDatabase } from "@backbeat/sdk";
import { serverUrl } from "@backbeat/sdk/testing";
import { connect } from "nats";
import type { Test } from "tap";

/** A PostgreSQL URL with a schema of its own (created on first use), dropped when the test ends. */
export function postgresSchemaUrl(t: Test, name: string): string {
	const schema = `t_${name.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
	const base = serverUrl("postgres");
	t.teardown(async () => {
		const db = openDatabase<Record<string, never>>({ url: base, poolSize: 1 });
		try {
			await db.db.schema.dropSchema(schema).ifExists().cascade().execute();
		} finally {
			await db.close();
		}
	});
	return `${base}?schema=${schema}`;
}

/** Deletes, when the test ends, the JetStream streams a namespace's channels created on the shared server. */
export function removeStreamsAfter(t: Test, natsUrl: string, namespace: string): void {
	t.teardown(async () => {
		const nc = await connect({ servers: new URL(natsUrl).host });
		try {
			const jsm = await nc.jetstreamManager();
			for await (const stream of jsm.streams.list()) {
				if (stream.config.name.startsWith(namespace.replace(/\./g, "_"))) await jsm.streams.delete(stream.config.name);
			}
		} finally {
			await nc.close();
		}
	});
}

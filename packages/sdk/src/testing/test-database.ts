import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../outbox/open-database.js";
import { serverUrl } from "./servers.js";
import { registerTeardown, type TeardownHost } from "./teardown.js";

/**
 * A database URL of one test's own, removed when the test ends: a fresh
 * schema in the shared PostgreSQL database (`?schema=`, created on first
 * use, dropped with everything in it) or a SQLite file in a new temporary
 * folder. `name` makes the schema or file easy to recognize.
 */
export function testDatabaseUrl(t: TeardownHost, dialect: "postgres" | "sqlite", name: string): string {
	if (dialect === "sqlite") {
		const dir = mkdtempSync(join(tmpdir(), `backbeat-${name}-`));
		registerTeardown(t, async () => rmSync(dir, { recursive: true, force: true }));
		return `sqlite:${join(dir, `${name}.sqlite`)}`;
	}
	const schema = `t_${name.toLowerCase().replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
	const base = serverUrl("postgres");
	registerTeardown(t, async () => {
		const db = openDatabase<Record<string, never>>({ url: base, poolSize: 1 });
		try {
			await db.db.schema.dropSchema(schema).ifExists().cascade().execute();
		} finally {
			await db.close();
		}
	});
	return `${base}?schema=${schema}`;
}

import { randomBytes } from "node:crypto";
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

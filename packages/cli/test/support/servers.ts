import { testDatabaseUrl } from "@backbeat/sdk/testing";
import pg from "pg";
import type { Test } from "tap";

/**
 * A PostgreSQL database URL of one test's own (the testing kit's
 * `testDatabaseUrl`) and `query`, which reads that schema: the CLI's tests
 * look at what a generated service wrote.
 */
export function postgresSchema(t: Test, name: string) {
	const url = testDatabaseUrl(t, "postgres", name);
	const parsed = new URL(url);
	const schema = parsed.searchParams.get("schema")!;
	parsed.search = "";
	const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
		const client = new pg.Client({ connectionString: parsed.href });
		await client.connect();
		try {
			await client.query(`set search_path to ${schema}`);
			return (await client.query<R>(text, values)).rows;
		} finally {
			await client.end();
		}
	};
	return { url, schema, query };
}

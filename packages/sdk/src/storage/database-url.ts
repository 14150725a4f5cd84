import { resolve } from "node:path";
import { configError, type SettingSource } from "../config/settings.js";

/** Where a service's tables live, parsed from a database URL. */
export type DatabaseTarget =
	| { readonly dialect: "postgres"; readonly connectionString: string; readonly schema: string }
	| { readonly dialect: "sqlite"; readonly file: string };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * `postgres://user@host:5432/db[?schema=name]` or `sqlite:<file>` /
 * `sqlite::memory:`. The `schema` parameter puts the SDK's and the service's
 * tables in their own PostgreSQL schema (created on first use), so several
 * services or tests can share one database without seeing each other's rows.
 */
export function parseDatabaseUrl(url: string, source: SettingSource): DatabaseTarget {
	if (url.startsWith("sqlite:")) {
		const file = url.slice("sqlite:".length);
		if (file === "") throw configError(source, "sqlite: needs a file, e.g. sqlite:./data/catalog.sqlite or sqlite::memory:");
		return { dialect: "sqlite", file: file === ":memory:" ? file : resolve(file) };
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw configError(source, `'${url}' is not a URL; use postgres://user@host:5432/db or sqlite:<file>`);
	}
	if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
		throw configError(source, `unsupported database '${parsed.protocol}'; use postgres://… or sqlite:<file>`);
	}
	const schema = parsed.searchParams.get("schema") ?? "public";
	if (!SCHEMA_NAME.test(schema)) throw configError(source, `schema '${schema}' must be a lower-case SQL identifier (a-z, 0-9, _)`);
	parsed.searchParams.delete("schema");
	return { dialect: "postgres", connectionString: parsed.toString(), schema };
}

import { sql } from "kysely";
import type { CatalogDatabase } from "./database.js";
import type { SearchKind } from "./schemas.js";

const TABLES: Record<SearchKind, "tracks" | "artists" | "albums"> = { track: "tracks", artist: "artists", album: "albums" };

/** The words of a query: letters and digits only, so nothing in it is search syntax. */
export function queryWords(q: string): string[] {
	return (
		q
			.normalize("NFKC")
			.toLowerCase()
			.match(/[\p{L}\p{N}]+/gu) ?? []
	).slice(0, 8);
}

/**
 * One kind's matches for `words`, every word a prefix (`lo` finds "Love"),
 * ranked by the engine's relevance (FTS5 bm25, PostgreSQL ts_rank), then
 * popularity, then id; with the number of matches.
 */
export async function searchKind(
	database: CatalogDatabase,
	kind: SearchKind,
	words: readonly string[],
	limit: number,
	offset: number
): Promise<{ rows: Record<string, unknown>[]; total: number }> {
	const table = sql.table(TABLES[kind]);
	if (database.dialect === "postgres") {
		const query = sql`to_tsquery('simple', ${words.map(word => `${word}:*`).join(" & ")})`;
		const [found, counted] = await Promise.all([
			sql<Record<string, unknown>>`select * from ${table} where search @@ ${query}
				order by ts_rank(search, ${query}) desc, popularity desc, id limit ${limit} offset ${offset}`.execute(database.db),
			sql<{ n: string }>`select count(*) as n from ${table} where search @@ ${query}`.execute(database.db)
		]);
		return { rows: found.rows, total: Number(counted.rows[0]?.n ?? 0) };
	}
	const fts = sql.table(`${TABLES[kind]}_fts`);
	const match = words.map(word => `"${word}"*`).join(" ");
	const [found, counted] = await Promise.all([
		sql<Record<string, unknown>>`select t.* from ${fts} f join ${table} t on t.rowid = f.rowid where ${fts} match ${match}
			order by f.rank, t.popularity desc, t.id limit ${limit} offset ${offset}`.execute(database.db),
		sql<{ n: number }>`select count(*) as n from ${fts} where ${fts} match ${match}`.execute(database.db)
	]);
	return { rows: found.rows, total: Number(counted.rows[0]?.n ?? 0) };
}

import type { BackbeatError } from "@backbeat/sdk";

/**
 * `fetch(ids)` for ids another service kept: the catalog answers NOT_FOUND
 * naming ids it has since deleted, and those are left out (fetched again
 * without them) rather than failing the caller's page.
 */
export async function withoutDeleted<T>(
	ids: readonly string[],
	fetch: (ids: string[]) => Promise<T[]>
): Promise<{ ids: string[]; items: T[] }> {
	if (ids.length === 0) return { ids: [], items: [] };
	try {
		return { ids: [...ids], items: await fetch([...ids]) };
	} catch (error) {
		const gone = (error as BackbeatError).code === "NOT_FOUND" ? ((error as BackbeatError).data as { ids?: string[] })?.ids : undefined;
		if (!gone) throw error;
		const kept = ids.filter(id => !gone.includes(id));
		return { ids: kept, items: kept.length === 0 ? [] : await fetch(kept) };
	}
}

import type { Database } from "@backbeat/sdk";
import { defineCrudService } from "@backbeat/sdk/crud";
import { z } from "zod";

/** A catalog-like row: strings, integers, a boolean (1/0 on SQLite) and a JSON array, as a service would keep. */
export const Item = z.object({
	id: z.string(),
	title: z.string().min(1),
	artist: z.string(),
	plays: z.int().min(0),
	durationMs: z.int().min(0),
	explicit: z.boolean(),
	tags: z.array(z.string())
});
export type Item = z.infer<typeof Item>;

export const PAGE_SIZE = 20;

/** The typed CRUD service under test; `list` sorts by title (indexed), then id. */
export const Items = defineCrudService({
	name: "bench-items",
	version: 1,
	table: "items",
	entity: Item,
	sortable: ["title"],
	pageSize: PAGE_SIZE,
	maxPageSize: 100
});

/** The table as the migration creates it, for the direct Kysely baseline. */
export interface ItemTables {
	items: {
		id: string;
		title: string;
		artist: string;
		/** `bigint` on PostgreSQL, which `pg` returns as a string. */
		plays: number | string;
		durationMs: number | string;
		/** 1/0 on SQLite. */
		explicit: boolean | number;
		/** JSON text. */
		tags: string;
	};
}

/** Item `i` of the seed: deterministic, so every run reads the same rows. */
export function seedItem(i: number): Item {
	return {
		id: `item-${String(i).padStart(5, "0")}`,
		title: `Track ${String((i * 7919) % 100_003).padStart(6, "0")}`,
		artist: `Artist ${i % 97}`,
		plays: (i * 104_729) % 1_000_000,
		durationMs: 120_000 + ((i * 31) % 240_000),
		explicit: i % 7 === 0,
		tags: ["rock", "live", "remaster", "demo"].slice(0, i % 4)
	};
}

/** Inserts `count` seed items with Kysely (no outbox events), in batches. */
export async function seedItems(db: Database<ItemTables>, count: number): Promise<void> {
	const batch = 200;
	for (let start = 0; start < count; start += batch) {
		const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
			const item = seedItem(start + k);
			return { ...item, explicit: db.dialect === "sqlite" ? Number(item.explicit) : item.explicit, tags: JSON.stringify(item.tags) };
		});
		await db.db.insertInto("items").values(rows).execute();
	}
}

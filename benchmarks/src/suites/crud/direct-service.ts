import { BackbeatError, type Database, defineContract, defineService } from "@backbeat/sdk";
import { z } from "zod";
import { Item, type ItemTables } from "./items.js";

/**
 * The baseline: the same reads written by hand, a plain Backbeat contract and
 * action whose handler queries the table with Kysely and decodes the row the
 * way the CRUD adapter does (bigint and 1/0 to numbers and booleans, JSON
 * text parsed). Same broker, database and pool as the CRUD service, and the
 * same result shape, so the ratio is the CRUD layer's own cost.
 */
export const DirectItemsContract = defineContract({
	name: "bench-items-direct",
	version: 1,
	actions: {
		getDirect: { params: z.strictObject({ id: z.string() }), returns: Item, idempotent: true },
		listDirect: {
			params: z.strictObject({ page: z.int().min(1), pageSize: z.int().min(1).max(100) }),
			returns: z.object({ rows: z.array(Item), total: z.int(), page: z.int(), pageSize: z.int(), totalPages: z.int() }),
			idempotent: true
		}
	}
});

function toItem(row: ItemTables["items"]): Item {
	return {
		id: row.id,
		title: row.title,
		artist: row.artist,
		plays: Number(row.plays),
		durationMs: Number(row.durationMs),
		explicit: Boolean(row.explicit),
		tags: JSON.parse(row.tags) as string[]
	};
}

export function directItemsService(db: Database<ItemTables>) {
	return defineService(DirectItemsContract, {
		actions: {
			async getDirect(ctx) {
				const row = await db.db.selectFrom("items").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (row === undefined) throw new BackbeatError("NOT_FOUND", `no item with id ${JSON.stringify(ctx.params.id)}`);
				return toItem(row);
			},
			async listDirect(ctx) {
				const { page, pageSize } = ctx.params;
				// The page and the total, both queries at once, as moleculer-db's `list` does: the same work as the CRUD side.
				const [rows, counted] = await Promise.all([
					db.db
						.selectFrom("items")
						.selectAll()
						.orderBy("title")
						.orderBy("id")
						.limit(pageSize)
						.offset((page - 1) * pageSize)
						.execute(),
					db.db
						.selectFrom("items")
						.select(eb => eb.fn.countAll().as("count"))
						.executeTakeFirstOrThrow()
				]);
				const total = Number(counted.count);
				return { rows: rows.map(toItem), total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
			}
		}
	});
}

import { client, defineService, signedInUser, type HandlerContext, type ServiceDefinition } from "@backbeat/sdk";
import type { z } from "zod";
import { CatalogContract } from "../catalog/contract.js";
import type { Album, Artist, Track } from "../catalog/entities.js";
import { withoutDeleted } from "../catalog/without-deleted.js";
import { LibraryContract } from "./contract.js";
import { openLibraryDatabase, type LibraryDatabase } from "./database.js";

type Kind = "track" | "album" | "artist";
type Ctx = HandlerContext<unknown>;

export interface LibraryServiceOptions {
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
}

/** The catalog's entities for `ids`, in order; NOT_FOUND (naming the unknown ids) comes from the catalog. */
function catalogItems(ctx: Ctx, kind: Kind, ids: string[]): Promise<unknown[]> {
	const catalog = client(ctx, CatalogContract);
	if (kind === "track") return catalog.getTracks({ ids }).then(found => found.tracks);
	if (kind === "album") return catalog.getAlbums({ ids }).then(found => found.albums);
	return catalog.getArtists({ ids }).then(found => found.artists);
}

/** The library service on `database`; without one it opens (and on stop closes) `openLibraryDatabase()`. */
export function createLibraryService(database?: LibraryDatabase, options: LibraryServiceOptions = {}): ServiceDefinition {
	const db = database ?? openLibraryDatabase();
	const now = options.now ?? Date.now;

	async function save(ctx: Ctx, kind: Kind, ids: string[]): Promise<void> {
		const userId = signedInUser(ctx).id;
		// Checked through the catalog first: an unknown id refuses the whole call, nothing saved.
		await catalogItems(ctx, kind, [...new Set(ids)]);
		await db.transaction(ctx, async tx => {
			for (const id of new Set(ids)) {
				const addedAt = new Date(now()).toISOString();
				const [inserted] = await tx.db
					.insertInto("library_items")
					.values({ user_id: userId, kind, item_id: id, added_at: addedAt })
					.onConflict(conflict => conflict.columns(["user_id", "kind", "item_id"]).doNothing())
					.execute();
				if (kind === "track" && Number(inserted?.numInsertedOrUpdatedRows ?? 0n) > 0)
					await tx.publish(LibraryContract, "trackLiked", { userId, trackId: id, likedAt: addedAt }, { key: userId });
			}
		});
	}

	async function remove(ctx: Ctx, kind: Kind, ids: string[]): Promise<void> {
		const userId = signedInUser(ctx).id;
		await db.transaction(ctx, async tx => {
			for (const id of new Set(ids)) {
				const [deleted] = await tx.db
					.deleteFrom("library_items")
					.where("user_id", "=", userId)
					.where("kind", "=", kind)
					.where("item_id", "=", id)
					.execute();
				if (kind === "track" && Number(deleted?.numDeletedRows ?? 0n) > 0)
					await tx.publish(
						LibraryContract,
						"trackUnliked",
						{ userId, trackId: id, unlikedAt: new Date(now()).toISOString() },
						{ key: userId }
					);
			}
		});
	}

	async function list<T>(ctx: Ctx, kind: Kind, limit: number, offset: number) {
		const userId = signedInUser(ctx).id;
		const mine = db.db.selectFrom("library_items").where("user_id", "=", userId).where("kind", "=", kind);
		const [rows, counted] = await Promise.all([
			mine.select(["item_id", "added_at"]).orderBy("added_at", "desc").orderBy("item_id").limit(limit).offset(offset).execute(),
			mine.select(eb => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()
		]);
		// An item the catalog has since deleted is left out of the page rather than failing it.
		const { ids, items } = await withoutDeleted(
			rows.map(row => row.item_id),
			found => catalogItems(ctx, kind, found)
		);
		const addedAt = new Map(rows.map(row => [row.item_id, row.added_at]));
		return {
			items: ids.map((id, i) => ({ addedAt: addedAt.get(id) as string, [kind]: items[i] as T })),
			total: Number(counted.n),
			limit,
			offset
		};
	}

	async function contains(ctx: Ctx, kind: Kind, ids: string[]): Promise<boolean[]> {
		const userId = signedInUser(ctx).id;
		const rows = await db.db
			.selectFrom("library_items")
			.select("item_id")
			.where("user_id", "=", userId)
			.where("kind", "=", kind)
			.where("item_id", "in", ids)
			.execute();
		const saved = new Set(rows.map(row => row.item_id));
		return ids.map(id => saved.has(id));
	}

	type Page<K extends string, T> = { items: Array<{ addedAt: string } & Record<K, T>>; total: number; limit: number; offset: number };
	return defineService(LibraryContract, {
		outbox: { database: db },
		dependencies: [CatalogContract.fullName],
		actions: {
			saveTracks: ctx => save(ctx, "track", ctx.params.ids),
			removeTracks: ctx => remove(ctx, "track", ctx.params.ids),
			listTracks: ctx =>
				list<z.output<typeof Track>>(ctx, "track", ctx.params.limit, ctx.params.offset) as Promise<
					Page<"track", z.output<typeof Track>>
				>,
			containsTracks: ctx => contains(ctx, "track", ctx.params.ids),
			saveAlbums: ctx => save(ctx, "album", ctx.params.ids),
			removeAlbums: ctx => remove(ctx, "album", ctx.params.ids),
			listAlbums: ctx =>
				list<z.output<typeof Album>>(ctx, "album", ctx.params.limit, ctx.params.offset) as Promise<
					Page<"album", z.output<typeof Album>>
				>,
			containsAlbums: ctx => contains(ctx, "album", ctx.params.ids),
			followArtists: ctx => save(ctx, "artist", ctx.params.ids),
			unfollowArtists: ctx => remove(ctx, "artist", ctx.params.ids),
			listFollowing: ctx =>
				list<z.output<typeof Artist>>(ctx, "artist", ctx.params.limit, ctx.params.offset) as Promise<
					Page<"artist", z.output<typeof Artist>>
				>,
			containsFollowing: ctx => contains(ctx, "artist", ctx.params.ids)
			// backbeat: actions end
		},
		async stopped() {
			if (database === undefined) await db.close();
		}
	});
}

import { randomUUID } from "node:crypto";
import {
	BackbeatError,
	client,
	defineService,
	signedInUser,
	type HandlerContext,
	type ServiceDefinition,
	type TransactionScope
} from "@backbeat/sdk";
import type { z } from "zod";
import { CatalogContract } from "../catalog/contract.js";
import { UsersContract } from "../users/contract.js";
import { MAX_PLAYLIST_ITEMS, type Playlist, PlaylistsContract } from "./contract.js";
import { openPlaylistsDatabase, type PlaylistsDatabase, type PlaylistsTables } from "./database.js";

type Ctx = HandlerContext<unknown>;
type Row = PlaylistsTables["playlists"];
type Item = Omit<PlaylistsTables["playlist_items"], "playlist_id" | "position">;
type Tx = TransactionScope<PlaylistsTables>;

export interface PlaylistsServiceOptions {
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
}

const flag = (value: boolean | number) => value === true || value === 1;

function notFound(id: string): BackbeatError {
	// A private playlist is "not found" to anyone who may not see it: its existence is not revealed.
	return new BackbeatError("NOT_FOUND", `Playlist '${id}' does not exist`, { data: { id } });
}

/** The playlists service on `database`; without one it opens (and on stop closes) `openPlaylistsDatabase()`. */
export function createPlaylistsService(database?: PlaylistsDatabase, options: PlaylistsServiceOptions = {}): ServiceDefinition {
	const db = database ?? openPlaylistsDatabase();
	const now = () => new Date((options.now ?? Date.now)()).toISOString();
	const bool = (value: boolean) => (db.dialect === "sqlite" ? Number(value) : value);

	async function collaboratorsOf(source: Tx["db"] | PlaylistsDatabase["db"], id: string): Promise<string[]> {
		const rows = await source
			.selectFrom("playlist_collaborators")
			.select("user_id")
			.where("playlist_id", "=", id)
			.orderBy("user_id")
			.execute();
		return rows.map(row => row.user_id);
	}

	function view(row: Row, collaborators: string[]): z.output<typeof Playlist> {
		return {
			id: row.id,
			name: row.name,
			description: row.description,
			public: flag(row.public),
			collaborative: flag(row.collaborative),
			ownerId: row.owner_id,
			collaborators,
			trackCount: Number(row.track_count),
			snapshotId: row.snapshot_id
		};
	}

	/** The playlist if `userId` may see it, checked for `need`: NOT_FOUND when hidden, FORBIDDEN when visible but not theirs to change. */
	async function access(
		source: Tx["db"] | PlaylistsDatabase["db"],
		id: string,
		userId: string,
		need: "read" | "edit" | "own",
		lock = false
	) {
		let query = source.selectFrom("playlists").selectAll().where("id", "=", id);
		// On PostgreSQL the row lock queues concurrent edits of one playlist; SQLite runs one transaction at a time.
		if (lock && db.dialect === "postgres") query = query.forUpdate();
		const row = await query.executeTakeFirst();
		if (!row) throw notFound(id);
		const collaborators = await collaboratorsOf(source, id);
		const owner = row.owner_id === userId;
		const member = owner || collaborators.includes(userId);
		if (!member && !flag(row.public)) throw notFound(id);
		if (need === "own" && !owner) throw new BackbeatError("FORBIDDEN", "Only the playlist's owner may do this", { data: { id } });
		if (need === "edit" && !member)
			throw new BackbeatError("FORBIDDEN", "Only the playlist's owner and collaborators may change its tracks", { data: { id } });
		return { row, collaborators };
	}

	/**
	 * Changes a playlist's items in one transaction under its row lock: checks
	 * rights and the snapshot, applies `change` to the ordered items, stores
	 * them, and answers the new snapshot id.
	 */
	async function editItems(
		ctx: Ctx,
		id: string,
		snapshotId: string | undefined,
		change: (items: Item[]) => { items: Item[]; appended?: Item[] },
		after?: (tx: Tx, snapshotId: string) => Promise<void>
	): Promise<{ snapshotId: string }> {
		const userId = signedInUser(ctx).id;
		return db.transaction(ctx, async tx => {
			const { row } = await access(tx.db, id, userId, "edit", true);
			if (snapshotId !== undefined && snapshotId !== row.snapshot_id)
				throw new BackbeatError("CONFLICT", "The playlist changed since that snapshot; reload it and try again", {
					data: { field: "snapshotId", snapshotId: row.snapshot_id }
				});
			const current = (
				await tx.db.selectFrom("playlist_items").selectAll().where("playlist_id", "=", id).orderBy("position").execute()
			).map(({ track_id, added_by, added_at }) => ({ track_id, added_by, added_at }));
			const { items, appended } = change(current);
			if (items.length > MAX_PLAYLIST_ITEMS)
				throw new BackbeatError("BAD_REQUEST", `A playlist holds at most ${MAX_PLAYLIST_ITEMS} items`, {
					data: { field: "trackIds" }
				});
			const rows = (list: Item[], from: number) => list.map((item, i) => ({ ...item, playlist_id: id, position: from + i }));
			const write = async (list: ReturnType<typeof rows>) => {
				for (let start = 0; start < list.length; start += 500)
					await tx.db
						.insertInto("playlist_items")
						.values(list.slice(start, start + 500))
						.execute();
			};
			if (appended) await write(rows(appended, current.length));
			else {
				await tx.db.deleteFrom("playlist_items").where("playlist_id", "=", id).execute();
				await write(rows(items, 0));
			}
			const next = randomUUID();
			await tx.db
				.updateTable("playlists")
				.set({ snapshot_id: next, track_count: items.length, updated_at: now() })
				.where("id", "=", id)
				.execute();
			await after?.(tx, next);
			return { snapshotId: next };
		});
	}

	/** NOT_FOUND (from the catalog) naming any unknown id; the catalog takes 50 ids a call. */
	async function knownTracks(ctx: Ctx, ids: string[]): Promise<void> {
		const unique = [...new Set(ids)];
		for (let start = 0; start < unique.length; start += 50)
			await client(ctx, CatalogContract).getTracks({ ids: unique.slice(start, start + 50) });
	}

	/** NOT_FOUND naming the field when no account has this id: an invitation to nobody would be kept silently. */
	async function mustExist(ctx: Ctx, userId: string): Promise<void> {
		try {
			await client(ctx, UsersContract).getUser({ id: userId });
		} catch (error) {
			if (error instanceof BackbeatError && error.code === "NOT_FOUND")
				throw new BackbeatError("NOT_FOUND", `There is no user with id '${userId}'`, { data: { field: "userId", userId } });
			throw error;
		}
	}

	return defineService(PlaylistsContract, {
		outbox: { database: db },
		dependencies: [CatalogContract.fullName, UsersContract.fullName],
		actions: {
			async create(ctx) {
				const ownerId = signedInUser(ctx).id;
				const row: Row = {
					id: randomUUID(),
					owner_id: ownerId,
					name: ctx.params.name,
					description: ctx.params.description,
					public: bool(ctx.params.public),
					collaborative: bool(ctx.params.collaborative),
					snapshot_id: randomUUID(),
					track_count: 0,
					updated_at: now()
				};
				await db.transaction(ctx, async tx => {
					await tx.db.insertInto("playlists").values(row).execute();
					await tx.publish(
						PlaylistsContract,
						"created",
						{ playlistId: row.id, ownerId, name: row.name, public: ctx.params.public },
						{ key: row.id }
					);
				});
				return view(row, []);
			},
			async get(ctx) {
				const { row, collaborators } = await access(db.db, ctx.params.id, signedInUser(ctx).id, "read");
				return view(row, collaborators);
			},
			async mine(ctx) {
				const userId = signedInUser(ctx).id;
				const { limit, offset } = ctx.params;
				const mine = db.db
					.selectFrom("playlists")
					.where(eb =>
						eb.or([
							eb("owner_id", "=", userId),
							eb("id", "in", eb.selectFrom("playlist_collaborators").select("playlist_id").where("user_id", "=", userId))
						])
					);
				const [rows, counted] = await Promise.all([
					mine.selectAll().orderBy("updated_at", "desc").orderBy("id").limit(limit).offset(offset).execute(),
					mine.select(eb => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()
				]);
				const items = await Promise.all(rows.map(async row => view(row, await collaboratorsOf(db.db, row.id))));
				return { items, total: Number(counted.n), limit, offset };
			},
			async update(ctx) {
				const { id, name, description, public: isPublic, collaborative } = ctx.params;
				return db.transaction(ctx, async tx => {
					await access(tx.db, id, signedInUser(ctx).id, "own", true);
					const changes = {
						...(name === undefined ? {} : { name }),
						...(description === undefined ? {} : { description }),
						...(isPublic === undefined ? {} : { public: bool(isPublic) }),
						...(collaborative === undefined ? {} : { collaborative: bool(collaborative) })
					};
					await tx.db
						.updateTable("playlists")
						.set({ ...changes, snapshot_id: randomUUID(), updated_at: now() })
						.where("id", "=", id)
						.execute();
					const { row, collaborators } = await access(tx.db, id, signedInUser(ctx).id, "own");
					return view(row, collaborators);
				});
			},
			async remove(ctx) {
				const { id } = ctx.params;
				await db.transaction(ctx, async tx => {
					await access(tx.db, id, signedInUser(ctx).id, "own", true);
					await tx.db.deleteFrom("playlist_items").where("playlist_id", "=", id).execute();
					await tx.db.deleteFrom("playlist_collaborators").where("playlist_id", "=", id).execute();
					await tx.db.deleteFrom("playlists").where("id", "=", id).execute();
				});
			},
			async tracks(ctx) {
				const { id, limit, offset } = ctx.params;
				const { row } = await access(db.db, id, signedInUser(ctx).id, "read");
				const items = await db.db
					.selectFrom("playlist_items")
					.selectAll()
					.where("playlist_id", "=", id)
					.orderBy("position")
					.limit(limit)
					.offset(offset)
					.execute();
				const tracks =
					items.length === 0
						? []
						: (await client(ctx, CatalogContract).getTracks({ ids: items.map(item => item.track_id) })).tracks;
				return {
					items: items.map((item, i) => ({
						position: Number(item.position),
						addedAt: item.added_at,
						addedBy: item.added_by,
						track: tracks[i] as (typeof tracks)[number]
					})),
					total: Number(row.track_count),
					limit,
					offset
				};
			},
			async addTracks(ctx) {
				const { id, trackIds, position, snapshotId } = ctx.params;
				const userId = signedInUser(ctx).id;
				await knownTracks(ctx, trackIds);
				const added = trackIds.map(track_id => ({ track_id, added_by: userId, added_at: now() }));
				let at = 0;
				return editItems(
					ctx,
					id,
					snapshotId,
					items => {
						at = position === undefined ? items.length : Math.min(position, items.length);
						if (at === items.length) return { items: [...items, ...added], appended: added };
						return { items: [...items.slice(0, at), ...added, ...items.slice(at)] };
					},
					(tx, next) =>
						tx
							.publish(
								PlaylistsContract,
								"tracksAdded",
								{ playlistId: id, userId, trackIds, position: at, snapshotId: next },
								{ key: id }
							)
							.then(() => {})
				);
			},
			removeTracks(ctx) {
				const { id, trackIds, snapshotId } = ctx.params;
				const gone = new Set(trackIds);
				return editItems(ctx, id, snapshotId, items => ({ items: items.filter(item => !gone.has(item.track_id)) }));
			},
			reorderTracks(ctx) {
				const { id, rangeStart, insertBefore, rangeLength, snapshotId } = ctx.params;
				return editItems(ctx, id, snapshotId, items => {
					if (rangeStart + rangeLength > items.length || insertBefore > items.length)
						throw new BackbeatError(
							"BAD_REQUEST",
							`The playlist has ${items.length} items: the range or insertBefore is past its end`,
							{
								data: { field: rangeStart + rangeLength > items.length ? "rangeStart" : "insertBefore" }
							}
						);
					if (insertBefore >= rangeStart && insertBefore <= rangeStart + rangeLength) return { items };
					const moved = items.slice(rangeStart, rangeStart + rangeLength);
					const rest = [...items.slice(0, rangeStart), ...items.slice(rangeStart + rangeLength)];
					const target = insertBefore > rangeStart ? insertBefore - rangeLength : insertBefore;
					return { items: [...rest.slice(0, target), ...moved, ...rest.slice(target)] };
				});
			},
			async addCollaborator(ctx) {
				const { id, userId } = ctx.params;
				const ownerId = signedInUser(ctx).id;
				return db.transaction(ctx, async tx => {
					await access(tx.db, id, ownerId, "own", true);
					if (userId === ownerId)
						throw new BackbeatError("BAD_REQUEST", "The owner can't be a collaborator of their own playlist", {
							data: { field: "userId" }
						});
					await mustExist(ctx, userId);
					const [added] = await tx.db
						.insertInto("playlist_collaborators")
						.values({ playlist_id: id, user_id: userId })
						.onConflict(conflict => conflict.columns(["playlist_id", "user_id"]).doNothing())
						.execute();
					await tx.db
						.updateTable("playlists")
						.set({ collaborative: bool(true), updated_at: now() })
						.where("id", "=", id)
						.execute();
					if (Number(added?.numInsertedOrUpdatedRows ?? 0n) > 0)
						await tx.publish(PlaylistsContract, "collaboratorAdded", { playlistId: id, ownerId, userId }, { key: id });
					const { row, collaborators } = await access(tx.db, id, ownerId, "own");
					return view(row, collaborators);
				});
			},
			async removeCollaborator(ctx) {
				const { id, userId } = ctx.params;
				const ownerId = signedInUser(ctx).id;
				return db.transaction(ctx, async tx => {
					await access(tx.db, id, ownerId, "own", true);
					await tx.db.deleteFrom("playlist_collaborators").where("playlist_id", "=", id).where("user_id", "=", userId).execute();
					const { row, collaborators } = await access(tx.db, id, ownerId, "own");
					return view(row, collaborators);
				});
			}
			// backbeat: actions end
		},
		async stopped() {
			if (database === undefined) await db.close();
		}
	});
}

import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { CatalogContract } from "./contract.js";
import { openCatalogDatabase, type CatalogDatabase } from "./database.js";
import { AlbumsCrud, ArtistsCrud, TracksCrud } from "./entities.js";
import { toAlbum, toArtist, toTrack } from "./rows.js";
import { queryWords, searchKind } from "./search.js";
import { seedCatalog, type CatalogSeedOptions } from "./seed.js";

export interface CatalogServiceOptions {
	/** Generate and load a catalog when the database has none, as the service starts. Default off (`true` for the defaults). */
	readonly seed?: boolean | CatalogSeedOptions;
	/** Close the database when the service stops (for a database the service was given to own). Default `false`. */
	readonly closeDatabaseOnStop?: boolean;
}

function notFound(kind: string, id: string): BackbeatError {
	return new BackbeatError("NOT_FOUND", `${kind} '${id}' does not exist`, { data: { id } });
}

/** Rows in the order of `ids` (repeats included), or NOT_FOUND naming every unknown id. */
function inOrder<R extends { id: string }, T>(kind: string, ids: readonly string[], rows: readonly R[], convert: (row: R) => T): T[] {
	const byId = new Map(rows.map(row => [row.id, convert(row)]));
	const missing = [...new Set(ids.filter(id => !byId.has(id)))];
	if (missing.length > 0)
		throw new BackbeatError("NOT_FOUND", `Unknown ${kind} id(s): ${missing.join(", ")}`, { data: { ids: missing } });
	return ids.map(id => byId.get(id) as T);
}

/** The catalog's public API (`CatalogContract`) over `database`, read with Kysely. */
export function createCatalogService(database: CatalogDatabase, options: CatalogServiceOptions = {}): ServiceDefinition {
	const db = database.db;
	const track = async (id: string) => {
		const row = await db.selectFrom("tracks").selectAll().where("id", "=", id).executeTakeFirst();
		if (!row) throw notFound("Track", id);
		return toTrack(row);
	};
	const requireArtist = async (id: string) => {
		if (!(await db.selectFrom("artists").select("id").where("id", "=", id).executeTakeFirst())) throw notFound("Artist", id);
	};
	return defineService(CatalogContract, {
		// One relay publishes the entity events of all three CRUD services.
		outbox: { database },
		async started() {
			await database.migrate();
			if (options.seed) {
				const written = await seedCatalog(database, options.seed === true ? {} : options.seed);
				if (written.artists > 0)
					this.logger.info(`catalog seeded: ${written.artists} artists, ${written.albums} albums, ${written.tracks} tracks`);
			}
		},
		actions: {
			async search(ctx) {
				const { q, type, limit, offset } = ctx.params;
				const words = queryWords(q);
				if (words.length === 0)
					throw new BackbeatError("VALIDATION_FAILED", "q: search for at least one letter or digit", {
						data: { issues: [{ path: "q", message: "no letters or digits" }] }
					});
				const result: { tracks?: unknown; artists?: unknown; albums?: unknown } = {};
				for (const kind of new Set(type)) {
					const { rows, total } = await searchKind(database, kind, words, limit, offset);
					if (kind === "track") result.tracks = { items: rows.map(toTrack), total, limit, offset };
					if (kind === "artist") result.artists = { items: rows.map(toArtist), total, limit, offset };
					if (kind === "album") result.albums = { items: rows.map(toAlbum), total, limit, offset };
				}
				return result as never;
			},
			getTrack: ctx => track(ctx.params.id),
			getTracks: async ctx => ({
				tracks: inOrder(
					"track",
					ctx.params.ids,
					await db.selectFrom("tracks").selectAll().where("id", "in", ctx.params.ids).execute(),
					toTrack
				)
			}),
			getArtists: async ctx => ({
				artists: inOrder(
					"artist",
					ctx.params.ids,
					await db.selectFrom("artists").selectAll().where("id", "in", ctx.params.ids).execute(),
					toArtist
				)
			}),
			getAlbums: async ctx => ({
				albums: inOrder(
					"album",
					ctx.params.ids,
					await db.selectFrom("albums").selectAll().where("id", "in", ctx.params.ids).execute(),
					toAlbum
				)
			}),
			async getArtist(ctx) {
				const row = await db.selectFrom("artists").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (!row) throw notFound("Artist", ctx.params.id);
				return toArtist(row);
			},
			async artistAlbums(ctx) {
				const { id, limit, offset } = ctx.params;
				await requireArtist(id);
				const [rows, counted] = await Promise.all([
					db
						.selectFrom("albums")
						.selectAll()
						.where("artistId", "=", id)
						.orderBy("releaseYear", "desc")
						.orderBy("id")
						.limit(limit)
						.offset(offset)
						.execute(),
					db
						.selectFrom("albums")
						.select(eb => eb.fn.countAll().as("n"))
						.where("artistId", "=", id)
						.executeTakeFirstOrThrow()
				]);
				return { items: rows.map(toAlbum), total: Number(counted.n), limit, offset };
			},
			async artistTopTracks(ctx) {
				const { id } = ctx.params;
				await requireArtist(id);
				const rows = await db
					.selectFrom("tracks")
					.selectAll()
					.where("artistId", "=", id)
					.orderBy("popularity", "desc")
					.orderBy("id")
					.limit(10)
					.execute();
				return { tracks: rows.map(toTrack) };
			},
			async getAlbum(ctx) {
				const row = await db.selectFrom("albums").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (!row) throw notFound("Album", ctx.params.id);
				const tracks = await db.selectFrom("tracks").selectAll().where("albumId", "=", row.id).orderBy("trackNumber").execute();
				return { ...toAlbum(row), tracks: tracks.map(toTrack) };
			}
			// backbeat: actions end
		},
		async stopped() {
			if (options.closeDatabaseOnStop) await database.close();
		},
		subscriptions: [
			on(CatalogContract, {
				// backbeat: event handlers end
			})
		]
	});
}

/**
 * The whole catalog: its public API and the typed CRUD services of artists,
 * albums and tracks, on one database. Without a database it opens
 * `openCatalogDatabase()` and closes it when the public service stops.
 */
export function createCatalogServices(database?: CatalogDatabase, options: CatalogServiceOptions = {}): ServiceDefinition[] {
	const db = database ?? openCatalogDatabase();
	return [
		createCatalogService(db, { ...options, closeDatabaseOnStop: database === undefined }),
		ArtistsCrud.service(db, { relay: false }),
		AlbumsCrud.service(db, { relay: false }),
		TracksCrud.service(db, { relay: false })
	];
}

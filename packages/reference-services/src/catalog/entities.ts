import { defineCrudService } from "@backbeat/sdk/crud";
import { z } from "zod";

const Id = z.string().min(1).max(64);
const Popularity = z.int().min(0).max(100);

export const Artist = z.object({ id: Id, name: z.string().min(1).max(200), genre: z.string().max(50), popularity: Popularity });

export const Album = z.object({
	id: Id,
	title: z.string().min(1).max(200),
	artistId: Id,
	artistName: z.string(),
	releaseYear: z.int().min(1900).max(2100),
	popularity: Popularity
});

/** A track; the artist's name and album's title are copied in, so a track reads (and is found) without joins. */
export const Track = z.object({
	id: Id,
	title: z.string().min(1).max(200),
	artistId: Id,
	artistName: z.string(),
	albumId: Id,
	albumTitle: z.string(),
	trackNumber: z.int().min(1),
	durationMs: z.int().positive(),
	explicit: z.boolean(),
	popularity: Popularity
});

// The catalog's entities as typed CRUD services on moleculer-db: the standard actions are
// internal (no HTTP bindings; the public routes are CatalogContract's), and every write
// publishes created/updated/removed through the catalog's outbox.
export const ArtistsCrud = defineCrudService({
	name: "catalog-artists",
	version: 1,
	table: "artists",
	entity: Artist,
	sortable: ["name", "popularity"],
	searchable: ["name"]
});

export const AlbumsCrud = defineCrudService({
	name: "catalog-albums",
	version: 1,
	table: "albums",
	entity: Album,
	sortable: ["title", "releaseYear", "popularity", "artistId"],
	searchable: ["title"]
});

export const TracksCrud = defineCrudService({
	name: "catalog-tracks",
	version: 1,
	table: "tracks",
	entity: Track,
	sortable: ["title", "popularity", "albumId", "artistId", "trackNumber"],
	searchable: ["title"]
});

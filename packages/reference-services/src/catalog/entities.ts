import { defineCrudService } from "@backbeat/sdk/crud";
import { Album, Artist, Track } from "./schemas.js";

export { Album, Artist, Track };

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

// The catalog's entity schemas, free of database code, so contracts (and the web player's bundle) can import them.
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

/** What `search` can look for. */
export const SEARCH_KINDS = ["track", "artist", "album"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

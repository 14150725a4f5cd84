import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { Album, Artist, SEARCH_KINDS, Track } from "./schemas.js";

export { Album, Artist, Track };

const Id = z.string().min(1).max(64);
const Paging = { limit: z.int().min(1).max(50).default(20), offset: z.int().min(0).default(0) };
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });

/** The catalog's public, read-only API: lookups and search over artists, albums and tracks. */
export const CatalogContract = defineContract({
	name: "catalog",
	version: 1,
	actions: {
		search: {
			params: z.object({
				q: z.string().trim().min(1).max(100),
				type: z
					.array(z.enum(SEARCH_KINDS))
					.min(1)
					.max(3)
					.default([...SEARCH_KINDS]),
				...Paging
			}),
			returns: z.object({ tracks: page(Track).optional(), artists: page(Artist).optional(), albums: page(Album).optional() }),
			idempotent: true,
			timeout: 2000,
			description: "Word-prefix search as a user types, ranked by relevance then popularity; one page per requested type",
			http: "GET /search",
			auth: "public"
		},
		getTrack: {
			params: z.object({ id: Id }),
			returns: Track,
			idempotent: true,
			timeout: 2000,
			http: "GET /tracks/:id",
			auth: "public"
		},
		getTracks: {
			params: z.object({ ids: z.array(Id).min(1).max(50) }),
			returns: z.object({ tracks: z.array(Track) }),
			idempotent: true,
			timeout: 2000,
			description: "Several tracks in the order asked; an unknown id is NOT_FOUND naming it",
			http: "GET /tracks",
			auth: "public"
		},
		getArtist: { params: z.object({ id: Id }), returns: Artist, idempotent: true, http: "GET /artists/:id", auth: "public" },
		getArtists: {
			params: z.object({ ids: z.array(Id).min(1).max(50) }),
			returns: z.object({ artists: z.array(Artist) }),
			idempotent: true,
			description: "Several artists in the order asked; an unknown id is NOT_FOUND naming it",
			http: "GET /artists",
			auth: "public"
		},
		getAlbums: {
			params: z.object({ ids: z.array(Id).min(1).max(50) }),
			returns: z.object({ albums: z.array(Album) }),
			idempotent: true,
			description: "Several albums (without their tracks) in the order asked; an unknown id is NOT_FOUND naming it",
			http: "GET /albums",
			auth: "public"
		},
		artistAlbums: {
			params: z.object({ id: Id, ...Paging }),
			returns: page(Album),
			idempotent: true,
			description: "An artist's albums, newest first",
			http: "GET /artists/:id/albums",
			auth: "public"
		},
		artistTopTracks: {
			params: z.object({ id: Id }),
			returns: z.object({ tracks: z.array(Track) }),
			idempotent: true,
			description: "An artist's ten most popular tracks",
			http: "GET /artists/:id/top-tracks",
			auth: "public"
		},
		getAlbum: {
			params: z.object({ id: Id }),
			returns: Album.extend({ tracks: z.array(Track) }),
			idempotent: true,
			description: "An album with its tracks in order",
			http: "GET /albums/:id",
			auth: "public"
		}
		// backbeat: actions end
	},
	events: {
		// backbeat: events end
	}
});

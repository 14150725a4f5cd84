import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { Album, Artist, Track } from "../catalog/schemas.js";

const Ids = z.array(z.string().min(1).max(64)).min(1).max(50);
const IdsParams = z.object({ ids: Ids });
const Paging = { limit: z.int().min(1).max(50).default(20), offset: z.int().min(0).default(0) };
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });
const Contains = z.array(z.boolean());

/** What a user keeps: liked tracks, saved albums and followed artists. Every route needs a signed-in user. */
export const LibraryContract = defineContract({
	name: "library",
	version: 1,
	actions: {
		saveTracks: {
			params: IdsParams,
			returns: z.void(),
			idempotent: true,
			description: "Likes tracks (already liked ones stay as they are); an unknown id is 404 and nothing is saved",
			http: "PUT /me/tracks"
		},
		removeTracks: { params: IdsParams, returns: z.void(), idempotent: true, description: "Unlikes tracks", http: "DELETE /me/tracks" },
		listTracks: {
			params: z.object(Paging),
			returns: page(z.object({ addedAt: z.iso.datetime(), track: Track })),
			idempotent: true,
			description: "Liked tracks, most recent first",
			http: "GET /me/tracks"
		},
		containsTracks: {
			params: IdsParams,
			returns: Contains,
			idempotent: true,
			description: "Whether each track is liked, in the order asked",
			http: "GET /me/tracks/contains"
		},
		saveAlbums: { params: IdsParams, returns: z.void(), idempotent: true, description: "Saves albums", http: "PUT /me/albums" },
		removeAlbums: {
			params: IdsParams,
			returns: z.void(),
			idempotent: true,
			description: "Removes saved albums",
			http: "DELETE /me/albums"
		},
		listAlbums: {
			params: z.object(Paging),
			returns: page(z.object({ addedAt: z.iso.datetime(), album: Album })),
			idempotent: true,
			description: "Saved albums, most recent first",
			http: "GET /me/albums"
		},
		containsAlbums: { params: IdsParams, returns: Contains, idempotent: true, http: "GET /me/albums/contains" },
		followArtists: {
			params: IdsParams,
			returns: z.void(),
			idempotent: true,
			description: "Follows artists",
			http: "PUT /me/following"
		},
		unfollowArtists: {
			params: IdsParams,
			returns: z.void(),
			idempotent: true,
			description: "Unfollows artists",
			http: "DELETE /me/following"
		},
		listFollowing: {
			params: z.object(Paging),
			returns: page(z.object({ addedAt: z.iso.datetime(), artist: Artist })),
			idempotent: true,
			description: "Followed artists, most recent first",
			http: "GET /me/following"
		},
		containsFollowing: { params: IdsParams, returns: Contains, idempotent: true, http: "GET /me/following/contains" }
		// backbeat: actions end
	},
	events: {
		trackLiked: { payload: z.object({ userId: z.string(), trackId: z.string(), likedAt: z.iso.datetime() }) },
		trackUnliked: { payload: z.object({ userId: z.string(), trackId: z.string(), unlikedAt: z.iso.datetime() }) }
		// backbeat: events end
	}
});

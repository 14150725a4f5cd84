import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { Track } from "../catalog/schemas.js";

/** The most items a playlist holds. */
export const MAX_PLAYLIST_ITEMS = 10_000;

const Id = z.string().min(1).max(64);
const SnapshotId = z.string().min(1).max(64);
const TrackIds = z.array(Id).min(1).max(100);
const Paging = { limit: z.int().min(1).max(50).default(20), offset: z.int().min(0).default(0) };
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });

export const Playlist = z.object({
	id: z.string(),
	name: z.string(),
	description: z.string(),
	public: z.boolean(),
	collaborative: z.boolean(),
	ownerId: z.string(),
	collaborators: z.array(z.string()),
	trackCount: z.int(),
	snapshotId: z.string()
});
const Snapshot = z.object({ snapshotId: z.string() });
const Name = z.string().trim().min(1).max(100);
const Description = z.string().max(300);

/** Spotify-style playlists: ordered tracks, snapshots for safe concurrent edits, collaborators. */
export const PlaylistsContract = defineContract({
	name: "playlists",
	version: 1,
	actions: {
		create: {
			params: z.object({
				name: Name,
				description: Description.default(""),
				public: z.boolean().default(true),
				collaborative: z.boolean().default(false)
			}),
			returns: Playlist,
			http: { method: "POST", path: "/playlists", status: 201 }
		},
		get: { params: z.object({ id: Id }), returns: Playlist, idempotent: true, http: "GET /playlists/:id" },
		mine: {
			params: z.object(Paging),
			returns: page(Playlist),
			idempotent: true,
			description: "Playlists the signed-in user owns or collaborates on, most recently changed first",
			http: "GET /me/playlists"
		},
		update: {
			params: z.object({
				id: Id,
				name: Name.optional(),
				description: Description.optional(),
				public: z.boolean().optional(),
				collaborative: z.boolean().optional()
			}),
			returns: Playlist,
			description: "Owner only",
			http: "PATCH /playlists/:id"
		},
		remove: { params: z.object({ id: Id }), returns: z.void(), description: "Owner only", http: "DELETE /playlists/:id" },
		tracks: {
			params: z.object({ id: Id, ...Paging }),
			returns: page(z.object({ position: z.int(), addedAt: z.iso.datetime(), addedBy: z.string(), track: Track })),
			idempotent: true,
			http: "GET /playlists/:id/tracks"
		},
		addTracks: {
			params: z.object({ id: Id, trackIds: TrackIds, position: z.int().min(0).optional(), snapshotId: SnapshotId.optional() }),
			returns: Snapshot,
			description: "Inserts at `position` (default: the end); a stale snapshotId is 409 and changes nothing",
			http: "POST /playlists/:id/tracks"
		},
		removeTracks: {
			params: z.object({ id: Id, trackIds: TrackIds, snapshotId: SnapshotId.optional() }),
			returns: Snapshot,
			description: "Removes every occurrence of the tracks",
			http: "DELETE /playlists/:id/tracks"
		},
		reorderTracks: {
			params: z.object({
				id: Id,
				rangeStart: z.int().min(0),
				insertBefore: z.int().min(0),
				rangeLength: z.int().min(1).default(1),
				snapshotId: SnapshotId
			}),
			returns: Snapshot,
			description: "Moves `rangeLength` items from `rangeStart` to before `insertBefore` (positions before the move)",
			http: "PUT /playlists/:id/tracks"
		},
		addCollaborator: {
			params: z.object({ id: Id, userId: Id }),
			returns: Playlist,
			description: "Owner only; makes the playlist collaborative",
			http: "POST /playlists/:id/collaborators"
		},
		removeCollaborator: {
			params: z.object({ id: Id, userId: Id }),
			returns: Playlist,
			description: "Owner only",
			http: "DELETE /playlists/:id/collaborators/:userId"
		}
		// backbeat: actions end
	},
	events: {
		created: { payload: z.object({ playlistId: z.string(), ownerId: z.string(), name: z.string(), public: z.boolean() }) },
		tracksAdded: {
			payload: z.object({
				playlistId: z.string(),
				userId: z.string(),
				trackIds: z.array(z.string()),
				position: z.int(),
				snapshotId: z.string()
			})
		},
		collaboratorAdded: { payload: z.object({ playlistId: z.string(), ownerId: z.string(), userId: z.string() }) }
		// backbeat: events end
	}
});

import type { Playlist, PlayStart, Track } from "@backbeat/reference-services/contracts";
import type { z } from "zod";

export type TrackInfo = z.infer<typeof Track>;
export type PlaylistInfo = z.infer<typeof Playlist>;
export type PlayInfo = z.infer<typeof PlayStart>;

/** What a track row can do, provided by the app. */
export interface TrackActions {
	isLiked(trackId: string): boolean;
	toggleLike(track: TrackInfo): Promise<void>;
	/** Plays the track, with the list it was started from as the queue (next and previous walk it). */
	play(track: TrackInfo, list: readonly TrackInfo[]): Promise<void>;
	readonly playlists: readonly PlaylistInfo[];
	addToPlaylist(playlist: PlaylistInfo, track: TrackInfo): Promise<void>;
}

export function duration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

import { api } from "./api.js";
import { Alert } from "./alert.js";
import { href } from "./route.js";
import { TrackList } from "./track-row.js";
import { duration, type TrackActions, type TrackInfo } from "./types.js";
import { useLoaded } from "./use-loaded.js";

/** An album's page: title, artist (a link to their page), year, and its tracks in order (playable as a queue). */
export function AlbumScreen({
	id,
	actions,
	onTracks
}: {
	id: string;
	actions: TrackActions;
	onTracks: (tracks: readonly TrackInfo[]) => void;
}) {
	const page = useLoaded(
		() =>
			api.catalog.getAlbum({ id }).then(album => {
				onTracks(album.tracks);
				return album;
			}),
		[id]
	);
	const album = page.data?.id === id ? page.data : undefined;
	const length = album?.tracks.reduce((sum, track) => sum + track.durationMs, 0) ?? 0;
	return (
		<section class="screen" aria-labelledby="album-heading">
			<h2 id="album-heading" tabIndex={-1}>
				{album ? album.title : "Album"}
			</h2>
			<Alert message={page.error} />
			{album && (
				<>
					<p class="meta">
						<a href={href({ screen: "artist", id: album.artistId })}>{album.artistName}</a> · {album.releaseYear} ·{" "}
						{album.tracks.length} tracks, {duration(length)}
					</p>
					<TrackList tracks={album.tracks} actions={actions} label={`Tracks of ${album.title}`} />
				</>
			)}
		</section>
	);
}

import { api } from "./api.js";
import { Alert } from "./alert.js";
import { href } from "./route.js";
import { TrackList } from "./track-row.js";
import type { TrackActions, TrackInfo } from "./types.js";
import { useLoaded } from "./use-loaded.js";

/** An artist's page: name and genre, top tracks (playable as a queue), and albums linking to their pages. */
export function ArtistScreen({
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
			Promise.all([
				api.catalog.getArtist({ id }),
				api.catalog.artistTopTracks({ id }),
				api.catalog.artistAlbums({ id, limit: 50 })
			]).then(([artist, top, albums]) => {
				onTracks(top.tracks);
				return { artist, tracks: top.tracks, albums: albums.items };
			}),
		[id]
	);
	const data = page.data?.artist.id === id ? page.data : undefined;
	return (
		<section class="screen" aria-labelledby="artist-heading">
			<h2 id="artist-heading" tabIndex={-1}>
				{data ? data.artist.name : "Artist"}
			</h2>
			<Alert message={page.error} />
			{data && (
				<>
					<p class="meta">{data.artist.genre}</p>
					<h3>Popular</h3>
					<TrackList tracks={data.tracks} actions={actions} label={`Popular tracks of ${data.artist.name}`} />
					<h3>Albums</h3>
					<ul class="albums" aria-label={`Albums of ${data.artist.name}`}>
						{data.albums.map(album => (
							<li key={album.id}>
								<a href={href({ screen: "album", id: album.id })}>{album.title}</a>{" "}
								<span class="meta">{album.releaseYear}</span>
							</li>
						))}
					</ul>
				</>
			)}
		</section>
	);
}

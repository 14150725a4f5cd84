import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";
import { Alert } from "./alert.js";
import { href } from "./route.js";
import { duration, type TrackActions, type TrackInfo } from "./types.js";
import { useAction } from "./use-action.js";

/** One track: play it (with its list as the queue), like it, go to its artist or album, add it to one of the user's playlists. */
export function TrackRow({
	track,
	list,
	actions,
	children,
	as: Tag = "li"
}: {
	track: TrackInfo;
	list: readonly TrackInfo[];
	actions: TrackActions;
	/** More controls at the row's end (a playlist's Move handle). */
	children?: ComponentChildren;
	/** "div" where the caller makes the list item itself. Default "li". */
	as?: "li" | "div";
}) {
	const liked = actions.isLiked(track.id);
	const [target, setTarget] = useState("");
	const [added, setAdded] = useState<string | undefined>();
	const { error, busy, run } = useAction();
	// The same track can be on several screens at once (a shelf, the search results): ids must differ.
	const selectId = useId();
	const chosen = actions.playlists.find(playlist => playlist.id === target) ?? actions.playlists[0];

	async function add(event: Event) {
		event.preventDefault();
		if (!chosen) return;
		setAdded(undefined);
		const done = await run(async () => {
			await actions.addToPlaylist(chosen, track);
			return true;
		});
		if (done) setAdded(`Added to ${chosen.name}`);
	}

	return (
		<Tag class="track">
			<div class="track-main">
				<button type="button" class="play" aria-label={`Play ${track.title}`} onClick={() => run(() => actions.play(track, list))}>
					▶
				</button>
				<div class="track-text">
					<span class="title">{track.title}</span>
					<span class="meta">
						<a href={href({ screen: "artist", id: track.artistId })}>{track.artistName}</a> ·{" "}
						<a href={href({ screen: "album", id: track.albumId })}>{track.albumTitle}</a> · {duration(track.durationMs)}
					</span>
				</div>
				<button
					type="button"
					class="like"
					aria-label={`Like ${track.title}`}
					aria-pressed={liked ? "true" : "false"}
					disabled={busy}
					onClick={() => run(() => actions.toggleLike(track))}
				>
					{liked ? "♥" : "♡"}
				</button>
				{children}
			</div>
			{actions.playlists.length > 0 && (
				<form class="track-add" onSubmit={add}>
					<label for={selectId}>Playlist for {track.title}</label>
					<select id={selectId} value={chosen?.id} onChange={e => setTarget(e.currentTarget.value)}>
						{actions.playlists.map(playlist => (
							<option key={playlist.id} value={playlist.id}>
								{playlist.name}
							</option>
						))}
					</select>
					<button type="submit" disabled={busy} aria-label={`Add ${track.title} to ${chosen?.name ?? "playlist"}`}>
						Add
					</button>
					{added && (
						<span role="status" class="note">
							{added}
						</span>
					)}
				</form>
			)}
			<Alert message={error} />
		</Tag>
	);
}

/** A list of tracks; playing one queues the list. */
export function TrackList({ tracks, actions, label }: { tracks: readonly TrackInfo[]; actions: TrackActions; label: string }) {
	return (
		<ul class="tracks" aria-label={label}>
			{tracks.map((track, i) => (
				// A playlist may hold a track twice: the position keeps the keys apart.
				<TrackRow key={`${i}:${track.id}`} track={track} list={tracks} actions={actions} />
			))}
		</ul>
	);
}

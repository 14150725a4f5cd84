import { useState } from "preact/hooks";
import { Alert } from "./alert.js";
import { duration, type TrackActions, type TrackInfo } from "./types.js";
import { useAction } from "./use-action.js";

/** One track: play it, like it, add it to one of the user's playlists. */
export function TrackRow({ track, actions }: { track: TrackInfo; actions: TrackActions }) {
	const liked = actions.isLiked(track.id);
	const [target, setTarget] = useState("");
	const [added, setAdded] = useState<string | undefined>();
	const { error, busy, run } = useAction();
	const selectId = `add-${track.id}`;
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
		<li class="track">
			<div class="track-main">
				<button type="button" class="play" aria-label={`Play ${track.title}`} onClick={() => run(() => actions.play(track))}>
					▶
				</button>
				<div class="track-text">
					<span class="title">{track.title}</span>
					<span class="meta">
						{track.artistName} · {track.albumTitle} · {duration(track.durationMs)}
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
		</li>
	);
}

export function TrackList({ tracks, actions, label }: { tracks: readonly TrackInfo[]; actions: TrackActions; label: string }) {
	return (
		<ul class="tracks" aria-label={label}>
			{tracks.map(track => (
				<TrackRow key={track.id} track={track} actions={actions} />
			))}
		</ul>
	);
}

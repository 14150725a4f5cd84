import { useEffect, useState } from "preact/hooks";
import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { TrackList } from "./track-row.js";
import type { PlaylistInfo, TrackActions, TrackInfo } from "./types.js";
import { useAction } from "./use-action.js";

/** The user's playlists: create one, open one to see (and play) its tracks. */
export function PlaylistsScreen({
	hidden,
	actions,
	onCreated
}: {
	hidden: boolean;
	actions: TrackActions;
	onCreated: (playlist: PlaylistInfo) => void;
}) {
	const [name, setName] = useState("");
	const [openId, setOpenId] = useState<string | undefined>();
	const [tracks, setTracks] = useState<TrackInfo[]>([]);
	const create = useAction();
	const load = useAction();

	const current = actions.playlists.find(playlist => playlist.id === openId);

	useEffect(() => {
		if (!current) return;
		void load.run(async () => {
			const page = await signedIn(() => api.playlists.tracks({ id: current.id, limit: 50 }));
			setTracks(page.items.map(item => item.track));
		});
	}, [current?.id, current?.snapshotId]);

	async function submit(event: Event) {
		event.preventDefault();
		const playlist = await create.run(() => signedIn(() => api.playlists.create({ name: name.trim(), public: false })));
		if (playlist) {
			setName("");
			onCreated(playlist);
		}
	}

	return (
		<section hidden={hidden} class="screen" aria-labelledby="playlists-heading">
			<h2 id="playlists-heading" tabIndex={-1}>
				Your playlists
			</h2>
			<form class="inline" onSubmit={submit}>
				<label for="playlist-name">New playlist name</label>
				<input id="playlist-name" required maxLength={100} value={name} onInput={e => setName(e.currentTarget.value)} />
				<button type="submit" disabled={create.busy}>
					Create playlist
				</button>
			</form>
			<Alert message={create.error} />
			{actions.playlists.length === 0 ? (
				<p>No playlists yet.</p>
			) : (
				<ul class="playlists" aria-label="Playlists">
					{actions.playlists.map(playlist => (
						<li key={playlist.id}>
							<button
								type="button"
								aria-pressed={openId === playlist.id ? "true" : "false"}
								onClick={() => setOpenId(playlist.id)}
							>
								{playlist.name}
							</button>{" "}
							<span class="meta">
								{playlist.trackCount} {playlist.trackCount === 1 ? "track" : "tracks"}
							</span>
						</li>
					))}
				</ul>
			)}
			{current && (
				<section aria-labelledby="open-playlist">
					<h3 id="open-playlist">{current.name}</h3>
					<Alert message={load.error} />
					{tracks.length === 0 ? (
						<p>This playlist is empty: add tracks from search.</p>
					) : (
						<TrackList tracks={tracks} actions={actions} label={`Tracks of ${current.name}`} />
					)}
				</section>
			)}
		</section>
	);
}

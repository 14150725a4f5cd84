import { useState } from "preact/hooks";
import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { PlaylistView } from "./playlist-view.js";
import type { PlaylistInfo, TrackActions } from "./types.js";
import { useAction } from "./use-action.js";

/** The user's playlists (owned and shared with them): create one, open one to play, reorder and share it. */
export function PlaylistsScreen({
	hidden,
	userId,
	actions,
	onCreated,
	onChanged
}: {
	hidden: boolean;
	userId: string;
	actions: TrackActions;
	onCreated: (playlist: PlaylistInfo) => void;
	onChanged: (playlist: PlaylistInfo) => void;
}) {
	const [name, setName] = useState("");
	const [openId, setOpenId] = useState<string | undefined>();
	const create = useAction();

	const current = actions.playlists.find(playlist => playlist.id === openId);

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
			<p class="meta">
				Your user id, for a friend to invite you to a playlist: <code data-testid="user-id">{userId}</code>
			</p>
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
			{current && <PlaylistView playlist={current} userId={userId} actions={actions} onChanged={onChanged} />}
		</section>
	);
}

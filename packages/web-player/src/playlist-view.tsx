import { HttpClientError } from "@backbeat/sdk/http";
import { useRef, useState } from "preact/hooks";
import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { TrackRow } from "./track-row.js";
import type { PlaylistInfo, TrackActions } from "./types.js";
import { useAction } from "./use-action.js";
import { useLoaded } from "./use-loaded.js";

const STALE_REORDER =
	"Someone changed this playlist meanwhile, so your move was not made. The playlist now shows their changes: try again.";

/** The positions a move needs: the service takes "insert before" as a position before the move. */
export function reorderParams(from: number, to: number) {
	return { rangeStart: from, insertBefore: to > from ? to + 1 : to, rangeLength: 1 };
}

/**
 * One open playlist: its tracks (reordered by dragging a row, or with the
 * arrow keys on a row's "Move" handle), and for its owner a form to invite a
 * collaborator. Every change carries the playlist's snapshot id: a change
 * made meanwhile by someone else makes the service refuse (409), which is
 * said in words and the playlist reloaded.
 */
export function PlaylistView({
	playlist,
	userId,
	actions,
	onChanged
}: {
	playlist: PlaylistInfo;
	userId: string;
	actions: TrackActions;
	onChanged: (playlist: PlaylistInfo) => void;
}) {
	const loaded = useLoaded(
		() => signedIn(() => api.playlists.tracks({ id: playlist.id, limit: 50 })).then(page => page.items.map(item => item.track)),
		[playlist.id, playlist.snapshotId]
	);
	const tracks = loaded.data ?? [];
	const reorder = useAction();
	const [moved, setMoved] = useState<string | undefined>();
	const dragged = useRef<number | undefined>(undefined);
	const list = useRef<HTMLUListElement>(null);

	async function move(from: number, to: number) {
		const track = tracks[from];
		if (!track || to < 0 || to >= tracks.length || from === to || reorder.busy) return;
		setMoved(undefined);
		const params = { id: playlist.id, snapshotId: playlist.snapshotId, ...reorderParams(from, to) };
		const done = await reorder.run(async () => {
			try {
				return await signedIn(() => api.playlists.reorderTracks(params));
			} catch (error) {
				if (!(error instanceof HttpClientError) || error.status !== 409) throw error;
				onChanged(await signedIn(() => api.playlists.get({ id: playlist.id })));
				throw new Error(STALE_REORDER);
			}
		});
		if (!done) return;
		const next = [...tracks];
		next.splice(to, 0, ...next.splice(from, 1));
		loaded.setData(next);
		onChanged({ ...playlist, snapshotId: done.snapshotId });
		setMoved(`Moved ${track.title} to position ${to + 1} of ${tracks.length}.`);
		// Keep the keyboard on the moved track's handle, so arrow presses go on moving it.
		requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-handle="${to}"]`)?.focus());
	}

	function onHandleKey(event: KeyboardEvent, index: number) {
		if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
		event.preventDefault();
		void move(index, event.key === "ArrowUp" ? index - 1 : index + 1);
	}

	return (
		<section aria-labelledby="open-playlist">
			<h3 id="open-playlist">{playlist.name}</h3>
			<p class="meta">
				{playlist.collaborative
					? `Collaborative: ${playlist.collaborators.length} ${playlist.collaborators.length === 1 ? "collaborator" : "collaborators"}`
					: "Only you edit it"}
				{playlist.ownerId !== userId && " · shared with you"}
			</p>
			<Alert message={loaded.error ?? reorder.error} />
			{moved && (
				<p role="status" class="note">
					{moved}
				</p>
			)}
			<p id="reorder-help" class="meta">
				To reorder, drag a track, or focus its Move button and press Arrow Up or Arrow Down.
			</p>
			{loaded.data && tracks.length === 0 ? (
				<p>This playlist is empty: add tracks from search.</p>
			) : (
				<ul class="tracks" aria-label={`Tracks of ${playlist.name}`} ref={list}>
					{tracks.map((track, i) => (
						<li
							key={`${i}:${track.id}`}
							class="reorderable"
							draggable
							onDragStart={event => {
								dragged.current = i;
								event.dataTransfer?.setData("text/plain", track.id);
							}}
							onDragOver={event => event.preventDefault()}
							onDrop={event => {
								event.preventDefault();
								if (dragged.current !== undefined) void move(dragged.current, i);
								dragged.current = undefined;
							}}
						>
							<TrackRow track={track} list={tracks} actions={actions} as="div">
								<button
									type="button"
									class="handle"
									data-handle={i}
									aria-label={`Move ${track.title}, position ${i + 1} of ${tracks.length}`}
									aria-describedby="reorder-help"
									disabled={reorder.busy}
									onKeyDown={event => onHandleKey(event, i)}
								>
									↕
								</button>
							</TrackRow>
						</li>
					))}
				</ul>
			)}
			{playlist.ownerId === userId && <InviteForm playlist={playlist} onChanged={onChanged} />}
		</section>
	);
}

/** The owner invites another user by their user id (each user sees theirs on this screen); the playlist becomes collaborative. */
function InviteForm({ playlist, onChanged }: { playlist: PlaylistInfo; onChanged: (playlist: PlaylistInfo) => void }) {
	const [invitee, setInvitee] = useState("");
	const [done, setDone] = useState<string | undefined>();
	const invite = useAction();

	async function submit(event: Event) {
		event.preventDefault();
		setDone(undefined);
		const updated = await invite.run(() => signedIn(() => api.playlists.addCollaborator({ id: playlist.id, userId: invitee.trim() })));
		if (!updated) return;
		setInvitee("");
		onChanged(updated);
		setDone(
			`Invited. ${playlist.name} now has ${updated.collaborators.length} ${updated.collaborators.length === 1 ? "collaborator" : "collaborators"}.`
		);
	}

	return (
		<form class="inline" aria-label="Invite a collaborator" onSubmit={submit}>
			<label for="invitee">Collaborator's user id</label>
			<input id="invitee" required maxLength={64} value={invitee} onInput={e => setInvitee(e.currentTarget.value)} />
			<button type="submit" disabled={invite.busy}>
				Invite
			</button>
			<Alert message={invite.error} />
			{done && (
				<span role="status" class="note">
					{done}
				</span>
			)}
		</form>
	);
}

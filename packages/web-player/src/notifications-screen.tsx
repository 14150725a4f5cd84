import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { href } from "./route.js";
import { useAction } from "./use-action.js";
import { useLoaded } from "./use-loaded.js";

type Notification = Awaited<ReturnType<typeof api.notifications.list>>["items"][number];

/** The user's notifications, newest first; unread ones can be marked read. Asked again when shown and when the unread count moves. */
export function NotificationsScreen({ hidden, unread, onRead }: { hidden: boolean; unread: number; onRead: () => void }) {
	const list = useLoaded(() => signedIn(() => api.notifications.list({ limit: 50 })), [unread], hidden);
	const mark = useAction();

	async function markRead(item: Notification) {
		const read = await mark.run(() => signedIn(() => api.notifications.markRead({ id: item.id })));
		if (!read || !list.data) return;
		list.setData({ ...list.data, items: list.data.items.map(other => (other.id === read.id ? read : other)) });
		onRead();
	}

	const items = list.data?.items ?? [];
	return (
		<section hidden={hidden} class="screen" aria-labelledby="notifications-heading">
			<h2 id="notifications-heading" tabIndex={-1}>
				Notifications
			</h2>
			<Alert message={list.error ?? mark.error} />
			{list.data && items.length === 0 && <p>Nothing yet.</p>}
			<ul class="notifications" aria-label="Notifications">
				{items.map(item => (
					<li key={item.id} class={item.readAt ? "read" : "unread"}>
						<p class="title">
							{item.readAt ? "" : <span class="dot">New: </span>}
							{item.title}
						</p>
						<p>{item.body}</p>
						<p class="meta">
							<time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
							{item.data["playlistId"] && (
								<>
									{" · "}
									<a href={href({ screen: "playlists" })}>Your playlists</a>
								</>
							)}
						</p>
						{!item.readAt && (
							<button type="button" disabled={mark.busy} onClick={() => void markRead(item)}>
								Mark “{item.title}” read
							</button>
						)}
					</li>
				))}
			</ul>
		</section>
	);
}

import { useEffect, useRef, useState } from "preact/hooks";
import { AlbumScreen } from "./album-screen.js";
import { api, background, currentSession, errorText, onSessionChange, type Session, setSession, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { ArtistScreen } from "./artist-screen.js";
import { AuthScreen } from "./auth-screen.js";
import { HomeScreen } from "./home-screen.js";
import { NotificationsScreen } from "./notifications-screen.js";
import { type NowPlaying, PlayerBar } from "./player-bar.js";
import { PlaylistsScreen } from "./playlists-screen.js";
import { PremiumScreen } from "./premium-screen.js";
import { hasNext, hasPrevious, type Queue, queueFrom, stepped } from "./queue.js";
import { href, useRoute } from "./route.js";
import { SearchScreen } from "./search-screen.js";
import { TraceLink } from "./trace-link.js";
import type { PlaylistInfo, TrackActions, TrackInfo } from "./types.js";

const NAVIGATION = [
	{ screen: "home", label: "Home" },
	{ screen: "search", label: "Search" },
	{ screen: "playlists", label: "Your playlists" },
	{ screen: "notifications", label: "Notifications" },
	{ screen: "premium", label: "Premium" }
] as const;

const UNREAD_POLL_MS = 3000;

export function App() {
	const [session, setCurrent] = useState<Session | undefined>(currentSession());
	useEffect(() => onSessionChange(setCurrent), []);
	return session ? <Player session={session} /> : <AuthScreen />;
}

function Player({ session }: { session: Session }) {
	const route = useRoute();
	const [liked, setLiked] = useState<ReadonlySet<string>>(new Set());
	const [playlists, setPlaylists] = useState<PlaylistInfo[]>([]);
	const [queue, setQueue] = useState<Queue | undefined>();
	const [now, setNow] = useState<NowPlaying | undefined>();
	const [plays, setPlays] = useState(0);
	const [premium, setPremium] = useState(session.user.plan === "premium");
	const [unread, setUnread] = useState(0);
	const [error, setError] = useState<string | undefined>();
	const main = useRef<HTMLElement>(null);
	const firstRoute = useRef(true);

	const fail = (caught: unknown) => setError(errorText(caught));
	const pollUnread = () =>
		signedIn(() => background.notifications.unreadCount({}))
			.then(count => setUnread(count.unread))
			.catch(() => {});

	useEffect(() => {
		signedIn(() => api.payments.subscription({}))
			.then(subscription => setPremium(subscription.planId === "premium" && subscription.status === "active"))
			.catch(fail);
		// No push channel yet: the unread count is asked for every few seconds while the tab is open.
		void pollUnread();
		const timer = setInterval(pollUnread, UNREAD_POLL_MS);
		return () => clearInterval(timer);
	}, [session.user.id]);

	// The playlists are asked for again on each visit: one may have been shared with the user meanwhile.
	const onPlaylists = route.screen === "playlists";
	useEffect(() => {
		signedIn(() => api.playlists.mine({ limit: 50 }))
			.then(page => setPlaylists(page.items))
			.catch(fail);
	}, [session.user.id, onPlaylists]);

	useEffect(() => {
		if (firstRoute.current) {
			firstRoute.current = false;
			return;
		}
		// Move focus to the new screen's heading, so a screen reader announces where the user is.
		requestAnimationFrame(() => main.current?.querySelector<HTMLElement>("section:not([hidden]) h2")?.focus());
	}, [route.screen, "id" in route ? route.id : ""]);

	async function learnLikes(tracks: readonly TrackInfo[]) {
		if (tracks.length === 0) return;
		const flags = await signedIn(() => api.library.containsTracks({ ids: tracks.map(track => track.id) }));
		setLiked(previous => {
			const next = new Set(previous);
			for (const [i, track] of tracks.entries()) {
				if (flags[i]) next.add(track.id);
				else next.delete(track.id);
			}
			return next;
		});
	}

	async function start(next: Queue) {
		const track = next.tracks[next.index];
		if (!track) return;
		const play = await signedIn(() => api.streaming.start({ trackId: track.id }));
		setQueue(next);
		setNow({ track, play });
		setPlays(count => count + 1);
	}

	function step(by: 1 | -1) {
		const next = queue && stepped(queue, by);
		if (next) start(next).catch(fail);
	}

	const actions: TrackActions = {
		isLiked: id => liked.has(id),
		async toggleLike(track) {
			const ids = [track.id];
			if (liked.has(track.id)) await signedIn(() => api.library.removeTracks({ ids }));
			else await signedIn(() => api.library.saveTracks({ ids }));
			setLiked(previous => {
				const next = new Set(previous);
				if (next.has(track.id)) next.delete(track.id);
				else next.add(track.id);
				return next;
			});
		},
		play: (track, list) => start(queueFrom(list, track)),
		playlists,
		async addToPlaylist(playlist, track) {
			const { snapshotId } = await signedIn(() => api.playlists.addTracks({ id: playlist.id, trackIds: [track.id] }));
			setPlaylists(previous =>
				previous.map(item => (item.id === playlist.id ? { ...item, snapshotId, trackCount: item.trackCount + 1 } : item))
			);
		}
	};

	const onTracks = (tracks: readonly TrackInfo[]) => void learnLikes(tracks).catch(fail);
	return (
		<div class="layout">
			<header class="top">
				<h1>Backbeat</h1>
				<nav aria-label="Main">
					<ul>
						{NAVIGATION.map(item => (
							<li key={item.screen}>
								<a
									href={href({ screen: item.screen })}
									aria-current={route.screen === item.screen ? "page" : undefined}
									aria-label={item.screen === "notifications" ? `Notifications ${unread} unread` : undefined}
								>
									{item.label}
									{item.screen === "notifications" && " "}
									{item.screen === "notifications" && (
										<span class="badge" data-testid="unread">
											{unread}
										</span>
									)}
								</a>
							</li>
						))}
					</ul>
				</nav>
				<div class="account">
					<span class="meta">{session.user.displayName}</span>
					<button type="button" onClick={() => setSession(undefined)}>
						Log out
					</button>
				</div>
			</header>
			<main ref={main}>
				<Alert message={error} />
				{/* The main screens stay mounted (hidden when not shown), so a search or a half-typed form survives a visit elsewhere. */}
				<HomeScreen hidden={route.screen !== "home"} actions={actions} freshness={plays} onTracks={onTracks} />
				<SearchScreen hidden={route.screen !== "search"} actions={actions} onResults={onTracks} />
				<PlaylistsScreen
					hidden={route.screen !== "playlists"}
					userId={session.user.id}
					actions={actions}
					onCreated={playlist => setPlaylists(previous => [playlist, ...previous])}
					onChanged={playlist => setPlaylists(previous => previous.map(item => (item.id === playlist.id ? playlist : item)))}
				/>
				<NotificationsScreen hidden={route.screen !== "notifications"} unread={unread} onRead={() => void pollUnread()} />
				<PremiumScreen hidden={route.screen !== "premium"} premium={premium} onUpgraded={() => setPremium(true)} />
				{route.screen === "artist" && <ArtistScreen id={route.id} actions={actions} onTracks={onTracks} />}
				{route.screen === "album" && <AlbumScreen id={route.id} actions={actions} onTracks={onTracks} />}
			</main>
			<PlayerBar
				now={now}
				bitrate={now?.play.bitrate ?? (premium ? 320 : 160)}
				canPrevious={hasPrevious(queue)}
				canNext={hasNext(queue)}
				onPrevious={() => step(-1)}
				onNext={() => step(1)}
				onRestart={() => queue && start(queue).catch(fail)}
				onReportError={fail}
			/>
			<TraceLink />
		</div>
	);
}

import { useEffect, useRef, useState } from "preact/hooks";
import { api, currentSession, errorText, onSessionChange, type Session, setSession, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { AuthScreen } from "./auth-screen.js";
import { type NowPlaying, PlayerBar } from "./player-bar.js";
import { PlaylistsScreen } from "./playlists-screen.js";
import { PremiumScreen } from "./premium-screen.js";
import { SearchScreen } from "./search-screen.js";
import type { PlaylistInfo, TrackActions, TrackInfo } from "./types.js";

const SCREENS = [
	{ id: "search", label: "Search" },
	{ id: "playlists", label: "Your playlists" },
	{ id: "premium", label: "Premium" }
] as const;
type ScreenId = (typeof SCREENS)[number]["id"];

const UNREAD_POLL_MS = 3000;

export function App() {
	const [session, setCurrent] = useState<Session | undefined>(currentSession());
	useEffect(() => onSessionChange(setCurrent), []);
	return session ? <Player session={session} /> : <AuthScreen />;
}

function Player({ session }: { session: Session }) {
	const [screen, setScreen] = useState<ScreenId>("search");
	const [liked, setLiked] = useState<ReadonlySet<string>>(new Set());
	const [playlists, setPlaylists] = useState<PlaylistInfo[]>([]);
	const [now, setNow] = useState<NowPlaying | undefined>();
	const [premium, setPremium] = useState(session.user.plan === "premium");
	const [unread, setUnread] = useState(0);
	const [error, setError] = useState<string | undefined>();
	const main = useRef<HTMLElement>(null);

	const fail = (caught: unknown) => setError(errorText(caught));

	useEffect(() => {
		signedIn(() => api.playlists.mine({ limit: 50 }))
			.then(page => setPlaylists(page.items))
			.catch(fail);
		signedIn(() => api.payments.subscription({}))
			.then(subscription => setPremium(subscription.planId === "premium" && subscription.status === "active"))
			.catch(fail);
		// No push channel yet: the unread count is asked for every few seconds while the tab is open.
		const poll = () =>
			signedIn(() => api.notifications.unreadCount({}))
				.then(count => setUnread(count.unread))
				.catch(() => {});
		void poll();
		const timer = setInterval(poll, UNREAD_POLL_MS);
		return () => clearInterval(timer);
	}, [session.user.id]);

	function show(next: ScreenId) {
		setScreen(next);
		// Move focus to the new screen's heading, so a screen reader announces where the user is.
		requestAnimationFrame(() => main.current?.querySelector<HTMLElement>("section:not([hidden]) h2")?.focus());
	}

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
		async play(track) {
			const play = await signedIn(() => api.streaming.start({ trackId: track.id }));
			setNow({ track, play });
		},
		playlists,
		async addToPlaylist(playlist, track) {
			const { snapshotId } = await signedIn(() => api.playlists.addTracks({ id: playlist.id, trackIds: [track.id] }));
			setPlaylists(previous =>
				previous.map(item => (item.id === playlist.id ? { ...item, snapshotId, trackCount: item.trackCount + 1 } : item))
			);
		}
	};

	return (
		<div class="layout">
			<header class="top">
				<h1>Backbeat</h1>
				<nav aria-label="Main">
					<ul>
						{SCREENS.map(item => (
							<li key={item.id}>
								<button type="button" aria-current={screen === item.id ? "page" : undefined} onClick={() => show(item.id)}>
									{item.label}
								</button>
							</li>
						))}
					</ul>
				</nav>
				<div class="account">
					<span role="status" class="badge" aria-label={`${unread} unread notifications`} data-testid="unread">
						Notifications {unread}
					</span>
					<span class="meta">{session.user.displayName}</span>
					<button type="button" onClick={() => setSession(undefined)}>
						Log out
					</button>
				</div>
			</header>
			<main ref={main}>
				<Alert message={error} />
				{/* Every screen stays mounted (hidden when not shown), so a search or a half-typed form survives a visit elsewhere. */}
				<SearchScreen hidden={screen !== "search"} actions={actions} onResults={tracks => void learnLikes(tracks).catch(fail)} />
				<PlaylistsScreen
					hidden={screen !== "playlists"}
					actions={actions}
					onCreated={playlist => setPlaylists(previous => [playlist, ...previous])}
				/>
				<PremiumScreen hidden={screen !== "premium"} premium={premium} onUpgraded={() => setPremium(true)} />
			</main>
			<PlayerBar now={now} bitrate={now?.play.bitrate ?? (premium ? 320 : 160)} onReportError={fail} />
		</div>
	);
}

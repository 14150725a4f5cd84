import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { TrackList } from "./track-row.js";
import type { TrackActions, TrackInfo } from "./types.js";
import { useLoaded } from "./use-loaded.js";

const SHELF_SIZE = 10;

/** One shelf: a heading and its tracks (playing one queues the shelf). */
function Shelf({ id, title, tracks, actions }: { id: string; title: string; tracks: readonly TrackInfo[]; actions: TrackActions }) {
	return (
		<section class="shelf" aria-labelledby={id}>
			<h3 id={id}>{title}</h3>
			<TrackList tracks={tracks} actions={actions} label={title} />
		</section>
	);
}

/**
 * Home: "Made for you", "Similar to <the last track played>" and "Your weekly
 * mix" from the recommendations service. Asked again each time the screen is
 * shown and after each play (`freshness` changes), as the shelves follow what
 * the user plays and likes.
 */
export function HomeScreen({
	hidden,
	actions,
	freshness,
	onTracks
}: {
	hidden: boolean;
	actions: TrackActions;
	freshness: number;
	onTracks: (tracks: readonly TrackInfo[]) => void;
}) {
	const shelves = useLoaded(
		async () => {
			const [forYou, weekly, recent] = await Promise.all([
				signedIn(() => api.recommendations.forYou({ limit: SHELF_SIZE })),
				signedIn(() => api.recommendations.weeklyMix({})),
				signedIn(() => api.streaming.recentlyPlayed({ limit: 1 }))
			]);
			const seed = recent.items[0]?.track;
			const similar = seed ? await signedIn(() => api.recommendations.similar({ id: seed.id, limit: SHELF_SIZE })) : undefined;
			const shown = { forYou: forYou.items, weekly, seed, similar: similar?.items ?? [] };
			onTracks([...shown.forYou, ...shown.similar, ...weekly.items]);
			return shown;
		},
		[freshness],
		hidden
	);
	const data = shelves.data;

	return (
		<section hidden={hidden} class="screen" aria-labelledby="home-heading">
			<h2 id="home-heading" tabIndex={-1}>
				Home
			</h2>
			<Alert message={shelves.error} />
			{!data ? (
				<p>{shelves.loading ? "Loading your shelves…" : ""}</p>
			) : (
				<>
					<Shelf id="shelf-for-you" title="Made for you" tracks={data.forYou} actions={actions} />
					{data.seed ? (
						<Shelf id="shelf-similar" title={`Similar to ${data.seed.title}`} tracks={data.similar} actions={actions} />
					) : (
						<p class="note">Play a track and tracks like it show up here.</p>
					)}
					<Shelf id="shelf-weekly" title="Your weekly mix" tracks={data.weekly.items} actions={actions} />
					<p class="meta">The mix of the week of {data.weekly.weekOf}; a new one comes on Monday.</p>
				</>
			)}
		</section>
	);
}

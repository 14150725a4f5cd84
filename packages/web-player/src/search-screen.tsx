import { useEffect, useState } from "preact/hooks";
import { api, errorText, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { TrackList } from "./track-row.js";
import type { TrackActions, TrackInfo } from "./types.js";

const TYPING_PAUSE_MS = 200;

/** Search with results as you type; a newer query cancels the older request. */
export function SearchScreen({
	hidden,
	actions,
	onResults
}: {
	hidden: boolean;
	actions: TrackActions;
	onResults: (tracks: readonly TrackInfo[]) => void;
}) {
	const [query, setQuery] = useState("");
	const [tracks, setTracks] = useState<TrackInfo[]>([]);
	const [total, setTotal] = useState<number | undefined>();
	const [error, setError] = useState<string | undefined>();

	useEffect(() => {
		const q = query.trim();
		if (!/[\p{L}\p{N}]/u.test(q)) {
			setTracks([]);
			setTotal(undefined);
			return;
		}
		const abort = new AbortController();
		const timer = setTimeout(async () => {
			try {
				const found = await signedIn(() => api.catalog.search({ q, type: ["track"], limit: 20 }, { signal: abort.signal }));
				const items = found.tracks?.items ?? [];
				setTracks(items);
				setTotal(found.tracks?.total ?? 0);
				setError(undefined);
				onResults(items);
			} catch (caught) {
				if (!abort.signal.aborted) setError(errorText(caught));
			}
		}, TYPING_PAUSE_MS);
		return () => {
			clearTimeout(timer);
			abort.abort();
		};
	}, [query]);

	return (
		<section hidden={hidden} class="screen" aria-labelledby="search-heading">
			<h2 id="search-heading" tabIndex={-1}>
				Search
			</h2>
			<input
				type="search"
				class="search"
				aria-label="Search tracks"
				placeholder="Artists, albums or tracks"
				value={query}
				onInput={e => setQuery(e.currentTarget.value)}
			/>
			<Alert message={error} />
			{total !== undefined && (
				<p role="status" class="note">
					{total === 0 ? "No tracks found" : `${total} tracks found`}
				</p>
			)}
			<TrackList tracks={tracks} actions={actions} label="Search results" />
		</section>
	);
}

import { useEffect, useRef } from "preact/hooks";
import { api, signedIn } from "./api.js";
import type { PlayInfo, TrackInfo } from "./types.js";

export interface NowPlaying {
	readonly track: TrackInfo;
	readonly play: PlayInfo;
}

const PROGRESS_EVERY_MS = 10_000;

/**
 * The player bar: an `<audio>` element on the play's signed stream URL (the
 * browser fetches it with Range requests), the current track announced to
 * assistive technology, the bitrate, and the play's progress, completion or
 * skip reported to the streaming service.
 */
export function PlayerBar({
	now,
	bitrate,
	onReportError
}: {
	now: NowPlaying | undefined;
	bitrate: number;
	onReportError: (error: unknown) => void;
}) {
	const audio = useRef<HTMLAudioElement>(null);
	const lastReport = useRef(0);

	useEffect(() => {
		const element = audio.current;
		if (!element || !now) return;
		const { playId, durationMs } = now.play;
		let ended = false;
		lastReport.current = 0;
		const position = () => Math.min(Math.floor(element.currentTime * 1000), durationMs);
		const report = (call: () => Promise<unknown>) => void signedIn(call).catch(onReportError);
		const onTime = () => {
			const at = position();
			if (at - lastReport.current < PROGRESS_EVERY_MS) return;
			lastReport.current = at;
			report(() => api.streaming.progress({ playId, positionMs: at }));
		};
		const onEnded = () => {
			ended = true;
			report(() => api.streaming.complete({ playId }));
		};
		element.addEventListener("timeupdate", onTime);
		element.addEventListener("ended", onEnded);
		element.play().catch(() => {
			// Autoplay refused: the controls are there to start it by hand.
		});
		return () => {
			element.removeEventListener("timeupdate", onTime);
			element.removeEventListener("ended", onEnded);
			// Another track (or signing out) before the end: that is a skip.
			if (!ended) report(() => api.streaming.skip({ playId, positionMs: position() }));
		};
	}, [now?.play.playId]);

	return (
		<section class="player" aria-label="Player">
			<p class="now" aria-live="polite">
				{now ? `Now playing: ${now.track.title} by ${now.track.artistName}` : "Nothing playing"}
			</p>
			{now?.play.ad && <p class="note">Free plan: an ad plays before this track. Premium has none.</p>}
			<span class="badge" data-testid="bitrate">
				{bitrate} kbit/s
			</span>
			{/* biome-ignore lint/a11y/useMediaCaption: the tracks are generated instrumental melodies, without words to caption; the bar names the track in text */}
			<audio ref={audio} controls preload="auto" src={now?.play.streamUrl} aria-label={now ? `Audio: ${now.track.title}` : "Audio"} />
		</section>
	);
}

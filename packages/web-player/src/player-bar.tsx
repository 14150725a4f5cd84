import { useEffect, useRef, useState } from "preact/hooks";
import { api, signedIn } from "./api.js";
import { Icon } from "./icons.js";
import { duration, type PlayInfo, type TrackInfo } from "./types.js";

export interface NowPlaying {
	readonly track: TrackInfo;
	readonly play: PlayInfo;
}

const PROGRESS_EVERY_MS = 10_000;

/**
 * The player bar: an `<audio>` element on the play's signed stream URL (the
 * browser fetches it with Range requests, and again from the new place after
 * a seek), its own controls (previous, play/pause, next and a seek slider),
 * the current track announced to assistive technology, the bitrate, and the
 * play's progress, completion or skip reported to the streaming service. At
 * the end of a track the next one in the queue starts.
 */
export function PlayerBar({
	now,
	bitrate,
	canPrevious,
	canNext,
	onPrevious,
	onNext,
	onRestart,
	onReportError
}: {
	now: NowPlaying | undefined;
	bitrate: number;
	canPrevious: boolean;
	canNext: boolean;
	onPrevious: () => void;
	onNext: () => void;
	/** Play the current track again as a new play (after it ended: the ended play takes no more reports). */
	onRestart: () => void;
	onReportError: (error: unknown) => void;
}) {
	const audio = useRef<HTMLAudioElement>(null);
	const lastReport = useRef(0);
	const [positionS, setPositionS] = useState(0);
	const [paused, setPaused] = useState(true);
	// The effect below outlives renders: it reads the newest callbacks from here.
	const latest = useRef({ canNext, onNext });
	latest.current = { canNext, onNext };

	useEffect(() => {
		const element = audio.current;
		if (!element || !now) return;
		const { playId, durationMs } = now.play;
		let ended = false;
		lastReport.current = 0;
		setPositionS(0);
		const position = () => Math.min(Math.floor(element.currentTime * 1000), durationMs);
		const report = (call: () => Promise<unknown>) => void signedIn(call).catch(onReportError);
		const onTime = () => {
			setPositionS(element.currentTime);
			const at = position();
			if (Math.abs(at - lastReport.current) < PROGRESS_EVERY_MS) return;
			lastReport.current = at;
			report(() => api.streaming.progress({ playId, positionMs: at }));
		};
		const onEnded = () => {
			ended = true;
			report(() => api.streaming.complete({ playId }));
			if (latest.current.canNext) latest.current.onNext();
		};
		const onPlayState = () => setPaused(element.paused);
		element.addEventListener("timeupdate", onTime);
		element.addEventListener("ended", onEnded);
		element.addEventListener("play", onPlayState);
		element.addEventListener("pause", onPlayState);
		element.play().catch(() => {
			// Autoplay refused: the play button is there to start it by hand.
		});
		return () => {
			element.removeEventListener("timeupdate", onTime);
			element.removeEventListener("ended", onEnded);
			element.removeEventListener("play", onPlayState);
			element.removeEventListener("pause", onPlayState);
			// Another track (or signing out) before the end: that is a skip.
			if (!ended) report(() => api.streaming.skip({ playId, positionMs: position() }));
		};
	}, [now?.play.playId]);

	const durationS = now ? now.play.durationMs / 1000 : 0;
	const at = duration(positionS * 1000);
	const total = duration(durationS * 1000);

	function toggle() {
		const element = audio.current;
		if (!element) return;
		if (element.ended) onRestart();
		else if (element.paused) void element.play().catch(onReportError);
		else element.pause();
	}

	function seek(seconds: number) {
		const element = audio.current;
		if (!element || !Number.isFinite(seconds)) return;
		element.currentTime = seconds;
		setPositionS(seconds);
	}

	return (
		<section class="player" aria-label="Player">
			<p class="now" aria-live="polite">
				{now ? `Now playing: ${now.track.title} by ${now.track.artistName}` : "Nothing playing"}
			</p>
			{now?.play.ad && (
				<p class="note" data-testid="ad">
					Free plan: an ad plays before this track. Premium has none.
				</p>
			)}
			<div class="controls">
				<button type="button" aria-label="Previous track" disabled={!canPrevious} onClick={onPrevious}>
					<Icon name="previous" />
				</button>
				<button type="button" aria-label={paused ? "Play" : "Pause"} disabled={!now} onClick={toggle}>
					<Icon name={paused ? "play" : "pause"} />
				</button>
				<button type="button" aria-label="Next track" disabled={!canNext} onClick={onNext}>
					<Icon name="next" />
				</button>
				<span class="meta time" aria-hidden="true">
					{at}
				</span>
				<input
					type="range"
					class="seek"
					aria-label="Seek"
					min={0}
					max={Math.max(1, Math.floor(durationS))}
					step={1}
					value={Math.floor(positionS)}
					aria-valuetext={`${at} of ${total}`}
					disabled={!now}
					onInput={event => seek(Number(event.currentTarget.value))}
				/>
				<span class="meta time" aria-hidden="true">
					{total}
				</span>
				<span class="badge" data-testid="bitrate">
					{bitrate} kbit/s
				</span>
			</div>
			{/* biome-ignore lint/a11y/useMediaCaption: the tracks are generated instrumental melodies, without words to caption; the bar names the track in text */}
			<audio ref={audio} preload="auto" src={now?.play.streamUrl} />
		</section>
	);
}

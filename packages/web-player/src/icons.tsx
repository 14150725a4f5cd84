// Player icons drawn inline: the system fonts on a listener's machine may lack the media symbols (⏮ ⏸ ⏭), and no web font is loaded.
const PATHS = {
	previous: "M6 5h2v14H6zM20 5v14L9 12z",
	next: "M16 5h2v14h-2zM4 5v14l11-7z",
	play: "M7 4v16l13-8z",
	pause: "M6 4h4v16H6zM14 4h4v16h-4z"
} as const;

/** A 1em icon, hidden from assistive technology: its button carries the name. */
export function Icon({ name }: { name: keyof typeof PATHS }) {
	return (
		<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
			<path d={PATHS[name]} fill="currentColor" />
		</svg>
	);
}

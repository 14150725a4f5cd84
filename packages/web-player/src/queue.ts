import type { TrackInfo } from "./types.js";

/** What plays next: the list a track was started from (search results, an album, a shelf…), and where in it we are. */
export interface Queue {
	readonly tracks: readonly TrackInfo[];
	readonly index: number;
}

export function queueFrom(tracks: readonly TrackInfo[], track: TrackInfo): Queue {
	const index = tracks.findIndex(item => item.id === track.id);
	return index === -1 ? { tracks: [track], index: 0 } : { tracks, index };
}

export const hasNext = (queue: Queue | undefined): boolean => !!queue && queue.index < queue.tracks.length - 1;
export const hasPrevious = (queue: Queue | undefined): boolean => !!queue && queue.index > 0;

/** The queue moved by `step` tracks, or undefined past either end. */
export function stepped(queue: Queue, step: 1 | -1): Queue | undefined {
	const index = queue.index + step;
	return index >= 0 && index < queue.tracks.length ? { tracks: queue.tracks, index } : undefined;
}

import type { z } from "zod";
import type { Track } from "./contract.js";

export type TrackRecord = z.output<typeof Track>;

/** The catalog's data. In memory until the SQL storage layer lands (outbox issue). */
export class CatalogStore {
	private readonly tracks = new Map<string, TrackRecord>();

	constructor(seed: readonly TrackRecord[]) {
		for (const track of seed) this.tracks.set(track.id, track);
	}

	get(id: string): TrackRecord | undefined {
		return this.tracks.get(id);
	}

	search(query: string, limit: number): TrackRecord[] {
		const needle = query.toLowerCase();
		const hits: TrackRecord[] = [];
		for (const track of this.tracks.values()) {
			if (`${track.title} ${track.artist}`.toLowerCase().includes(needle)) hits.push(track);
			if (hits.length === limit) break;
		}
		return hits;
	}
}

export const DEMO_TRACKS: readonly TrackRecord[] = [
	{ id: "trk-1", title: "Blue in Green", artist: "Miles Davis", durationMs: 337_000 },
	{ id: "trk-2", title: "Giant Steps", artist: "John Coltrane", durationMs: 286_000 },
	{ id: "trk-3", title: "So What", artist: "Miles Davis", durationMs: 562_000 }
];

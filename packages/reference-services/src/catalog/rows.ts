import type { z } from "zod";
import type { Album, Artist, Track } from "./entities.js";

type Row = Record<string, unknown>;

// Raw SQL rows: PostgreSQL's bigint arrives as text, SQLite's boolean as 1/0, and PostgreSQL adds the search column.
const int = (value: unknown) => Number(value);

export function toArtist(row: Row): z.output<typeof Artist> {
	return { id: String(row["id"]), name: String(row["name"]), genre: String(row["genre"]), popularity: int(row["popularity"]) };
}

export function toAlbum(row: Row): z.output<typeof Album> {
	return {
		id: String(row["id"]),
		title: String(row["title"]),
		artistId: String(row["artistId"]),
		artistName: String(row["artistName"]),
		releaseYear: int(row["releaseYear"]),
		popularity: int(row["popularity"])
	};
}

export function toTrack(row: Row): z.output<typeof Track> {
	return {
		id: String(row["id"]),
		title: String(row["title"]),
		artistId: String(row["artistId"]),
		artistName: String(row["artistName"]),
		albumId: String(row["albumId"]),
		albumTitle: String(row["albumTitle"]),
		trackNumber: int(row["trackNumber"]),
		durationMs: int(row["durationMs"]),
		explicit: row["explicit"] === true || row["explicit"] === 1 || row["explicit"] === "1",
		popularity: int(row["popularity"])
	};
}

// A `crud_tracks` table for the crud adapter's tests: every column type the
// adapter maps (text, a number that PostgreSQL returns as a string, boolean,
// JSON in a text column, a nullable text), with five known rows.
import { crudAdapter, type CrudAdapter, type CrudEntity } from "../../src/crud/index.js";
import { openDatabase, type Database, type Migration } from "../../src/index.js";

export interface CrudTracksTables {
	crud_tracks: {
		id: number;
		title: string;
		artist: string;
		plays: number;
		genre: string | null;
		explicit: boolean | number;
		tags: string | null;
	};
}

const migrations: Migration[] = [
	{
		id: "001-crud-tracks",
		async up(db, dialect) {
			const postgres = dialect === "postgres";
			await db.schema
				.createTable("crud_tracks")
				.addColumn("id", postgres ? "bigserial" : "integer", c => c.primaryKey())
				.addColumn("title", "text", c => c.notNull())
				.addColumn("artist", "text", c => c.notNull().defaultTo(""))
				.addColumn("plays", "bigint", c => c.notNull().defaultTo(0))
				.addColumn("genre", "text")
				.addColumn("explicit", postgres ? "boolean" : "integer", c => c.notNull().defaultTo(postgres ? false : 0))
				.addColumn("tags", "text")
				.execute();
		}
	}
];

export const TRACK_COLUMNS = {
	id: "number",
	title: "string",
	artist: "string",
	plays: "number",
	genre: "string",
	explicit: "boolean",
	tags: "json"
} as const;

export function openTracksDatabase(url: string): Database<CrudTracksTables> {
	return openDatabase<CrudTracksTables>({ url, migrations, poolSize: 4 });
}

export function tracksAdapter(db: Database<CrudTracksTables>): CrudAdapter {
	return crudAdapter(db, { table: "crud_tracks", columns: TRACK_COLUMNS });
}

/** The five rows every test starts from (ids 1–5 in this order). */
export const SEED: readonly CrudEntity[] = [
	{ title: "Blue in Green", artist: "Miles Davis", plays: 300, genre: "jazz", explicit: false, tags: ["modal"] },
	{ title: "So What", artist: "Miles Davis", plays: 500, genre: "jazz", explicit: false, tags: ["modal", "cool"] },
	{ title: "Giant Steps", artist: "John Coltrane", plays: 400, genre: "jazz", explicit: false, tags: [] },
	{ title: "Smells Like Teen Spirit", artist: "Nirvana", plays: 1000, genre: "rock", explicit: true, tags: null },
	{ title: "100% Pure", artist: "Under_score", plays: 10, genre: null, explicit: false, tags: { mood: "odd" } }
];

export const titles = (entities: readonly CrudEntity[]) => entities.map(entity => entity["title"]);

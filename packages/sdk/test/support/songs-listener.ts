// A service in another process that consumes the songs' entity events into its
// own database: one `heard` row per handled event (no unique key, so a
// duplicate would show), written in the consumer's inbox transaction.
import type { Generated } from "kysely";
import { consume, defineContract, defineService, openDatabase, type Database, type Migration } from "../../src/index.js";
import { Songs } from "./crud-songs.js";

export interface ListenerTables {
	heard: { id: Generated<number | string>; event_id: string; event: string; song_id: string; plays: number };
}

const migrations: Migration[] = [
	{
		id: "001-heard",
		async up(db, dialect) {
			await db.schema
				.createTable("heard")
				.addColumn("id", dialect === "postgres" ? "bigserial" : "integer", c => c.primaryKey())
				.addColumn("event_id", "text", c => c.notNull())
				.addColumn("event", "text", c => c.notNull())
				.addColumn("song_id", "text", c => c.notNull())
				.addColumn("plays", "integer", c => c.notNull())
				.execute();
		}
	}
];

export function openListenerDatabase(url: string): Database<ListenerTables> {
	return openDatabase<ListenerTables>({ url, migrations });
}

const SongsListener = defineContract({ name: "songs-listener", version: 1, actions: {} });

export function songsListener(db: Database<ListenerTables>) {
	const heard =
		(event: string) =>
		async (delivered: { id: string; payload: { id: string; plays: number } }, tx: { db: Database<ListenerTables>["db"] }) => {
			await tx.db
				.insertInto("heard")
				.values({ event_id: delivered.id, event, song_id: delivered.payload.id, plays: delivered.payload.plays })
				.execute();
		};
	return defineService(SongsListener, {
		actions: {},
		consumers: [
			consume(Songs.contract, db, {
				created: (event, tx) => heard("created")(event, tx),
				updated: (event, tx) => heard("updated")({ id: event.id, payload: event.payload.entity }, tx),
				removed: (event, tx) => heard("removed")(event, tx)
			})
		]
	});
}

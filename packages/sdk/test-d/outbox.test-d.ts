// Type-level tests of the outbox and consumers, checked by `tsc -p test-d`.
import type { Generated } from "kysely";
import { z } from "zod";
import {
	consume,
	createBroker,
	defineContract,
	defineService,
	openDatabase,
	type ConsumedEvent,
	type EventEnvelope,
	type HandlerContext
} from "../src/index.js";
import type { Equal, Expect } from "./type-utils.js";

const Playlists = defineContract({
	name: "playlists",
	version: 1,
	actions: {},
	events: {
		trackAdded: { payload: z.object({ playlistId: z.string(), trackId: z.string(), position: z.number().default(0) }) },
		renamed: { payload: z.object({ playlistId: z.string(), name: z.string() }) }
	}
});

interface Tables {
	playlists: { id: string; name: string };
	tracks: { id: Generated<number>; playlist_id: string };
}

const db = openDatabase<Tables>({ url: "sqlite::memory:" });

// --- Correct usage ----------------------------------------------------------
export async function publishes(): Promise<void> {
	const envelope = await db.transaction(async tx => {
		await tx.db.insertInto("playlists").values({ id: "p1", name: "Mix" }).execute();
		// `position` has a default: the input type leaves it optional.
		return tx.publish(Playlists, "trackAdded", { playlistId: "p1", trackId: "t1" }, { key: "p1" });
	});
	type _envelope = Expect<Equal<typeof envelope, EventEnvelope<{ playlistId: string; trackId: string; position?: number | undefined }>>>;
	const count = await db.transaction(async tx => (await tx.db.selectFrom("tracks").selectAll().execute()).length);
	type _count = Expect<Equal<typeof count, number>>;
}

// In a handler, `transaction(ctx, work)` keeps the request's trace; a broker works too.
export async function tracedPublishes(ctx: HandlerContext<{ id: string }>): Promise<void> {
	const envelope = await db.transaction(ctx, tx => tx.publish(Playlists, "renamed", { playlistId: ctx.params.id, name: "Mix" }));
	type _traced = Expect<Equal<typeof envelope, EventEnvelope<{ playlistId: string; name: string }>>>;
	type _context = Expect<Equal<typeof envelope.traceContext, Readonly<Record<string, string>> | undefined>>;
	const id = await db.transaction(createBroker(), async () => "done");
	type _id = Expect<Equal<typeof id, string>>;
	// @ts-expect-error the source is a ctx or a broker
	await db.transaction("ctx", async () => undefined);
	// @ts-expect-error the work comes second
	await db.transaction(async () => undefined, ctx);
}

export const consumer = consume(Playlists, db, {
	async trackAdded(event, tx) {
		// The handler sees the schema's output: the default filled in.
		type _payload = Expect<Equal<typeof event.payload, { playlistId: string; trackId: string; position: number }>>;
		type _event = Expect<Equal<typeof event, ConsumedEvent<{ playlistId: string; trackId: string; position: number }>>>;
		await tx.db.insertInto("tracks").values({ playlist_id: event.payload.playlistId }).execute();
	}
});
export const service = defineService(defineContract({ name: "library", version: 1, actions: {} }), {
	actions: {},
	consumers: [consumer],
	outbox: { database: db }
});

// --- Mistakes are compile errors ----------------------------------------------
export async function mistakes(): Promise<void> {
	await db.transaction(async tx => {
		// @ts-expect-error unknown event
		await tx.publish(Playlists, "trackRemoved", { playlistId: "p1" });
		// @ts-expect-error missing payload field
		await tx.publish(Playlists, "trackAdded", { playlistId: "p1" });
		// @ts-expect-error wrong payload type
		await tx.publish(Playlists, "renamed", { playlistId: "p1", name: 42 });
		// @ts-expect-error key must be a string
		await tx.publish(Playlists, "renamed", { playlistId: "p1", name: "x" }, { key: 7 });
		// @ts-expect-error unknown table
		await tx.db.insertInto("albums").values({ id: "a" }).execute();
		// @ts-expect-error wrong column type
		await tx.db.insertInto("playlists").values({ id: "p", name: 3 }).execute();
	});
	// @ts-expect-error a handler for an event the contract does not have
	consume(Playlists, db, { async trackRemoved() {} });
	consume(Playlists, db, {
		async renamed(event) {
			// @ts-expect-error payload has no such field
			void event.payload.trackId;
		}
	});
	consume(Playlists, db, {
		async renamed(_event, tx) {
			// @ts-expect-error a table the database does not have
			await tx.db.selectFrom("albums").selectAll().execute();
		}
	});
	// @ts-expect-error misspelt option
	consume(Playlists, db, {}, { maxAtempts: 3 });
}

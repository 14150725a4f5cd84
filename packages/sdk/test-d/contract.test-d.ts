// Type-level tests, checked by `tsc -p test-d`. Each `@ts-expect-error` must
// see an error: if one disappears, tsc reports the unused directive and fails.
import type { ServiceBroker } from "moleculer";
import { z } from "zod";
import { actionName, client, defineContract, defineService, emitter, eventName, on, type HandlerContext } from "../src/index.js";
import type { Equal, Expect, IsAny } from "./type-utils.js";

const Playlists = defineContract({
	name: "playlists",
	version: 1,
	actions: {
		addTrack: {
			params: z.object({ playlistId: z.string(), trackId: z.string(), position: z.number().int().default(0) }),
			returns: z.object({ size: z.number() }),
			idempotent: true,
			timeout: 2000
		},
		rename: { params: z.object({ playlistId: z.string(), name: z.string() }), returns: z.object({ name: z.string() }) }
	},
	events: {
		trackAdded: { payload: z.object({ playlistId: z.string(), trackId: z.string() }) }
	}
});

declare const broker: ServiceBroker;

// --- Correct usage compiles without casts ---------------------------------
export const service = defineService(Playlists, {
	actions: {
		async addTrack(ctx) {
			type Params = typeof ctx.params;
			type _notAny = Expect<Equal<IsAny<Params>, false>>;
			// Defaults are applied before the handler runs: `position` is required here.
			type _params = Expect<Equal<Params, { playlistId: string; trackId: string; position: number }>>;
			await emitter(ctx, Playlists).trackAdded({ playlistId: ctx.params.playlistId, trackId: ctx.params.trackId });
			return { size: ctx.params.position + 1 };
		},
		rename: ctx => ({ name: ctx.params.name })
	},
	subscriptions: [
		on(Playlists, {
			trackAdded(ctx) {
				type _payload = Expect<Equal<typeof ctx.params, { playlistId: string; trackId: string }>>;
			}
		})
	]
});

export async function callers(): Promise<void> {
	const playlists = client(broker, Playlists);
	// The caller may leave out a defaulted field.
	const result = await playlists.addTrack({ playlistId: "p", trackId: "t" });
	type _result = Expect<Equal<typeof result, { size: number }>>;
	await playlists.addTrack({ playlistId: "p", trackId: "t", position: 3 }, { timeout: 500, meta: { a: 1 } });

	// @ts-expect-error unknown action
	await playlists.removeTrack({ playlistId: "p" });
	// @ts-expect-error missing param
	await playlists.addTrack({ playlistId: "p" });
	// @ts-expect-error wrong param type
	await playlists.addTrack({ playlistId: "p", trackId: 42 });
	// @ts-expect-error params are required
	await playlists.rename();
	// @ts-expect-error unknown call option
	await playlists.rename({ playlistId: "p", name: "n" }, { retries: 3 });
	// Resilience options per call.
	await playlists.rename({ playlistId: "p", name: "n" }, { idempotencyKey: "k", retry: { maxAttempts: 5, capMs: 200 } });
	await playlists.rename({ playlistId: "p", name: "n" }, { retry: false });
	// @ts-expect-error retry settings are numbers
	await playlists.rename({ playlistId: "p", name: "n" }, { retry: { maxAttempts: "5" } });
	// @ts-expect-error retry is an object or false
	await playlists.rename({ playlistId: "p", name: "n" }, { retry: true });
	// @ts-expect-error an idempotency key is a string
	await playlists.rename({ playlistId: "p", name: "n" }, { idempotencyKey: 42 });

	const events = emitter(broker, Playlists);
	await events.trackAdded({ playlistId: "p", trackId: "t" });
	// @ts-expect-error wrong payload
	await events.trackAdded({ playlistId: "p" });
	// @ts-expect-error unknown event
	await events.trackRemoved({ playlistId: "p", trackId: "t" });
}

// --- Implementations that break the contract -------------------------------
defineService(Playlists, {
	// @ts-expect-error missing action handler (rename)
	actions: {
		addTrack: () => ({ size: 1 })
	}
});

defineService(Playlists, {
	actions: {
		addTrack: () => ({ size: 1 }),
		rename: ctx => ({ name: ctx.params.name }),
		// @ts-expect-error extra action not in the contract
		deleteEverything: () => ({})
	}
});

// An extra handler is caught even when the object is built elsewhere (no excess-property check).
const handlersBuiltElsewhere = { addTrack: () => ({ size: 1 }), rename: () => ({ name: "n" }), extra: () => 1 };
// @ts-expect-error extra action from a variable
defineService(Playlists, { actions: handlersBuiltElsewhere });

defineService(Playlists, {
	actions: {
		// @ts-expect-error wrong return type
		addTrack: () => ({ size: "one" }),
		rename: ctx => ({ name: ctx.params.name })
	}
});

defineService(Playlists, {
	actions: {
		addTrack: ctx => {
			// @ts-expect-error params are typed, not any: no such field
			const missing: string = ctx.params.nope;
			return { size: missing.length };
		},
		rename: ctx => ({ name: ctx.params.name })
	}
});

// @ts-expect-error handler for an event that is not in the contract
on(Playlists, { trackRemoved: () => undefined });

on(Playlists, {
	trackAdded(ctx: HandlerContext<{ playlistId: string; trackId: string }>) {
		// @ts-expect-error payload is typed
		ctx.params.position.toFixed();
	}
});

// --- Contracts are checked as data ------------------------------------------
defineContract({
	name: "x",
	version: 1,
	// @ts-expect-error an action needs returns
	actions: { a: { params: z.object({}) } }
});

defineContract({
	name: "x",
	version: 1,
	// @ts-expect-error a misspelt option (idempotant) would silently turn retries off
	actions: { a: { params: z.object({}), returns: z.object({}), idempotant: true } }
});

defineContract({
	name: "x",
	version: 1,
	actions: {},
	// @ts-expect-error a misspelt event option
	events: { e: { payload: z.object({}), descripton: "typo" } }
});

// Names of a contract's members are checked where Moleculer names are built.
actionName(Playlists, "addTrack");
// @ts-expect-error not an action of the contract
actionName(Playlists, "addTrak");
// @ts-expect-error not an event of the contract
eventName(Playlists, "trackAded");

// Other Standard Schema libraries work: a hand-written schema with its own types.
const handMade = {
	"~standard": {
		version: 1 as const,
		vendor: "hand",
		validate: (value: unknown) => ({ value: value as { n: number } }),
		types: undefined as unknown as { input: { n: number }; output: { n: number } }
	}
};
const Other = defineContract({ name: "other", version: 1, actions: { get: { params: handMade, returns: handMade } } });
export async function otherLibrary(): Promise<void> {
	const out = await client(broker, Other).get({ n: 1 });
	type _out = Expect<Equal<typeof out, { n: number }>>;
	// @ts-expect-error typed by the hand-made schema
	await client(broker, Other).get({ n: "1" });
}

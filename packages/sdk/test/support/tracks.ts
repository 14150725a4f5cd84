import { EventEmitter, once } from "node:events";
import { z } from "zod";
import { BackbeatError, client, defineContract, defineService, emitter, on } from "../../src/index.js";

const Track = z.object({ id: z.string(), title: z.string(), durationMs: z.number().int().positive() });

export const TracksV1 = defineContract({
	name: "tracks",
	version: 1,
	actions: {
		add: {
			params: z.object({
				title: z.string().min(1).max(200),
				durationMs: z.number().int().positive(),
				tags: z.array(z.string()).max(5).default([])
			}),
			returns: Track.extend({ tags: z.array(z.string()) }),
			description: "Adds a track and emits trackAdded"
		},
		addStrict: {
			params: z.strictObject({ title: z.string() }),
			returns: z.object({ title: z.string() })
		},
		get: { params: z.object({ id: z.string() }), returns: Track, idempotent: true },
		echo: { params: z.object({ text: z.string() }), returns: z.object({ text: z.string(), bytes: z.number() }) },
		fail: {
			params: z.object({ kind: z.enum(["backbeat", "plain", "string", "badResult", "hugeResult", "bigintResult"]) }),
			returns: z.object({ ok: z.boolean() })
		},
		whoAmI: {
			params: z.object({}),
			returns: z.object({ requestID: z.string(), caller: z.string().nullable(), meta: z.record(z.string(), z.unknown()) })
		}
	},
	events: {
		trackAdded: { payload: z.object({ id: z.string(), title: z.string() }) }
	}
});

export const TracksV2 = defineContract({
	name: "tracks",
	version: 2,
	actions: {
		get: { params: z.object({ id: z.string() }), returns: Track.extend({ artist: z.string() }) }
	}
});

export const PlaylistsV1 = defineContract({
	name: "playlists",
	version: 1,
	actions: {
		addTrack: {
			params: z.object({ playlistId: z.string(), trackId: z.string() }),
			returns: z.object({ playlistId: z.string(), title: z.string(), outerRequestID: z.string(), innerRequestID: z.string() })
		}
	}
});

export const tracksV1Service = defineService(TracksV1, {
	actions: {
		async add(ctx) {
			const track = {
				id: `t-${ctx.params.title.length}`,
				title: ctx.params.title,
				durationMs: ctx.params.durationMs,
				tags: ctx.params.tags
			};
			await emitter(ctx, TracksV1).trackAdded({ id: track.id, title: track.title });
			return track;
		},
		addStrict: ctx => ({ title: ctx.params.title }),
		get(ctx) {
			if (ctx.params.id === "missing")
				throw new BackbeatError("NOT_FOUND", `Track ${ctx.params.id} not found`, { data: { id: ctx.params.id } });
			return { id: ctx.params.id, title: `Track ${ctx.params.id}`, durationMs: 1000 };
		},
		echo: ctx => ({ text: ctx.params.text, bytes: ctx.params.text.length }),
		fail(ctx) {
			switch (ctx.params.kind) {
				case "backbeat":
					throw new BackbeatError("CONFLICT", "Already there", { data: { reason: "duplicate" } });
				case "plain":
					throw new Error("database exploded");
				case "string":
					throw "a thrown string";
				case "badResult":
					return { ok: "yes" } as unknown as { ok: boolean };
				case "hugeResult":
					return { ok: true, padding: "x".repeat(2 * 1024 * 1024) };
				case "bigintResult":
					return { ok: true, n: 1n };
			}
		},
		whoAmI: ctx => ({ requestID: ctx.requestID ?? "", caller: ctx.caller ?? null, meta: ctx.meta })
	}
});

export const tracksV2Service = defineService(TracksV2, {
	actions: {
		get: ctx => ({ id: ctx.params.id, title: `Track ${ctx.params.id}`, durationMs: 1000, artist: "v2 artist" })
	}
});

export const playlistsService = defineService(PlaylistsV1, {
	actions: {
		async addTrack(ctx) {
			const track = await client(ctx, TracksV1).get({ id: ctx.params.trackId });
			const inner = await client(ctx, TracksV1).whoAmI({});
			return {
				playlistId: ctx.params.playlistId,
				title: track.title,
				outerRequestID: ctx.requestID ?? "",
				innerRequestID: inner.requestID
			};
		}
	}
});

/** A service that records every trackAdded it receives; `next()` resolves on the next one. */
export function createTrackListener() {
	const received: Array<{ id: string; title: string }> = [];
	const arrivals = new EventEmitter();
	const ListenerContract = defineContract({ name: "track-listener", version: 1, actions: {} });
	const service = defineService(ListenerContract, {
		actions: {},
		subscriptions: [
			on(TracksV1, {
				trackAdded(ctx) {
					received.push(ctx.params);
					arrivals.emit("track", ctx.params);
				}
			})
		]
	});
	return {
		service,
		received,
		next: async () => (await once(arrivals, "track"))[0] as { id: string; title: string }
	};
}

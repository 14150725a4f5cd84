import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import {
	BackbeatError,
	client,
	consume,
	defineService,
	type HandlerContext,
	type ServiceDefinition,
	setHttpResponse,
	signedInUser
} from "@backbeat/sdk";
import { CatalogContract } from "../catalog/contract.js";
import { withoutDeleted } from "../catalog/without-deleted.js";
import { platformStreamSecret } from "../config/derived-secrets.js";
import { PaymentsContract } from "../payments/contract.js";
import { PLANS } from "../payments/plans.js";
import { type AudioStore, openAudioStore } from "./audio/audio-store.js";
import { melodyDurationMs } from "./audio/melody.js";
import { parseRange } from "./audio/range.js";
import { StreamingContract } from "./contract.js";
import { openStreamingDatabase, type StreamingDatabase, type StreamingTables } from "./database.js";
import { checkStreamGrant, streamUrl } from "./stream-urls.js";

type Ctx = HandlerContext<unknown>;
type Play = StreamingTables["plays"];

export const STREAMING_DEFAULTS = {
	/** How long a play's stream URL works. */
	streamUrlTtlMs: 5 * 60_000,
	/** The gateway's base path, which stream URLs start with. */
	basePath: "/api",
	/** On the free plan, every n-th play starts with an ad. */
	adEvery: 4
} as const;

export interface StreamingServiceOptions {
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
	/** Where the MP3s come from. Default: `openAudioStore()` (under the data folder), opened on first use and closed on stop. */
	readonly audio?: AudioStore;
	/** Key of the stream URLs. Default `platformStreamSecret()`. */
	readonly streamSecret?: string;
	/** Default `STREAMING_DEFAULTS.streamUrlTtlMs`. */
	readonly streamUrlTtlMs?: number;
	/** Default `STREAMING_DEFAULTS.basePath`. */
	readonly basePath?: string;
}

/** The plan's rendition and ads, as the payments service sells them. */
function planInfo(id: "free" | "premium"): (typeof PLANS)[number] {
	const plan = PLANS.find(candidate => candidate.id === id);
	if (!plan) throw new Error(`unreachable: no plan ${id}`);
	return plan;
}

function notPlaying(playId: string, state: string): BackbeatError {
	return new BackbeatError("CONFLICT", `Play '${playId}' is already ${state}`, { data: { state } });
}

function notFound(playId: string): BackbeatError {
	// Another user's play is "not found": play ids are not shared.
	return new BackbeatError("NOT_FOUND", `Play '${playId}' does not exist`, { data: { id: playId } });
}

/**
 * The streaming service on `database`; without one it opens (and on stop
 * closes) `openStreamingDatabase()`. Each user's plan is this service's own
 * table, kept current from the payments service's events, so starting a play
 * calls nothing but the catalog.
 */
export function createStreamingService(database?: StreamingDatabase, options: StreamingServiceOptions = {}): ServiceDefinition {
	const db = database ?? openStreamingDatabase();
	const now = options.now ?? Date.now;
	const secret = options.streamSecret ?? platformStreamSecret();
	const ttlMs = options.streamUrlTtlMs ?? STREAMING_DEFAULTS.streamUrlTtlMs;
	const basePath = options.basePath ?? STREAMING_DEFAULTS.basePath;
	let ownAudio: Promise<AudioStore> | undefined;
	function audio(): Promise<AudioStore> {
		if (options.audio) return Promise.resolve(options.audio);
		ownAudio ??= openAudioStore();
		return ownAudio;
	}

	async function planOf(userId: string): Promise<"free" | "premium"> {
		const row = await db.db.selectFrom("entitlements").select("plan").where("user_id", "=", userId).executeTakeFirst();
		return row?.plan === "premium" ? "premium" : "free";
	}

	async function playOf(ctx: Ctx, playId: string): Promise<Play> {
		const play = await db.db.selectFrom("plays").selectAll().where("play_id", "=", playId).executeTakeFirst();
		if (!play || play.user_id !== signedInUser(ctx).id) throw notFound(playId);
		return play;
	}

	/** Ends a playing play as `state` at `positionMs` (default: its end) and publishes that event once, or explains why not. */
	async function finish(ctx: Ctx, playId: string, state: "completed" | "skipped", positionMs: number | undefined): Promise<void> {
		const play = await playOf(ctx, playId);
		if (play.state === state) return; // the same report again (a retry): already counted
		if (play.state !== "playing") throw notPlaying(playId, play.state);
		const position = positionMs ?? play.duration_ms;
		checkPosition(position, play);
		const at = new Date(now()).toISOString();
		await db.transaction(ctx, async tx => {
			const [updated] = await tx.db
				.updateTable("plays")
				.set({ state, position_ms: position, updated_at: at })
				.where("play_id", "=", playId)
				.where("state", "=", "playing")
				.execute();
			// A concurrent report won the row: it published the event.
			if (Number(updated?.numUpdatedRows ?? 0n) === 0) return;
			const payload = { ...eventFields(play), positionMs: position, at };
			await tx.publish(StreamingContract, state === "completed" ? "playCompleted" : "playSkipped", payload, { key: play.user_id });
		});
	}

	const planSetter = (plan: "free" | "premium") => async (userId: string, at: string, tx: { db: typeof db.db }) => {
		const current = await tx.db.selectFrom("entitlements").select("changed_at").where("user_id", "=", userId).executeTakeFirst();
		// Events of one user arrive in order, but an older one replayed from the dead letters must not undo a newer change.
		if (current && Date.parse(current.changed_at) > Date.parse(at)) return;
		if (current) await tx.db.updateTable("entitlements").set({ plan, changed_at: at }).where("user_id", "=", userId).execute();
		else await tx.db.insertInto("entitlements").values({ user_id: userId, plan, changed_at: at }).execute();
	};
	const setPremiumPlan = planSetter("premium");
	const setFreePlan = planSetter("free");

	return defineService(StreamingContract, {
		outbox: { database: db },
		dependencies: [CatalogContract.fullName],
		consumers: [
			consume(PaymentsContract, db, {
				subscriptionActivated: (event, tx) => setPremiumPlan(event.payload.userId, event.payload.at, tx),
				subscriptionCanceled: (event, tx) => setFreePlan(event.payload.userId, event.payload.at, tx)
			})
		],
		actions: {
			async start(ctx) {
				const userId = signedInUser(ctx).id;
				const { trackId } = ctx.params;
				await client(ctx, CatalogContract).getTrack({ id: trackId }); // NOT_FOUND for an unknown track
				const plan = await planOf(userId);
				const { bitrateKbps: kbps, ads } = planInfo(plan);
				const playId = randomUUID();
				const durationMs = melodyDurationMs(trackId);
				const startedAt = new Date(now()).toISOString();
				const ad = await db.transaction(ctx, async tx => {
					const counted = await tx.db
						.selectFrom("plays")
						.select(eb => eb.fn.countAll().as("n"))
						.where("user_id", "=", userId)
						.executeTakeFirstOrThrow();
					const ad = ads && (Number(counted.n) + 1) % STREAMING_DEFAULTS.adEvery === 0;
					const row: Play = {
						play_id: playId,
						user_id: userId,
						track_id: trackId,
						bitrate: kbps,
						ad: ad ? 1 : 0,
						context: ctx.params.context ?? null,
						state: "playing",
						position_ms: 0,
						duration_ms: durationMs,
						started_at: startedAt,
						updated_at: startedAt
					};
					await tx.db.insertInto("plays").values(row).execute();
					await tx.publish(
						StreamingContract,
						"playStarted",
						{ ...eventFields(row), positionMs: 0, at: startedAt, context: row.context },
						{ key: userId }
					);
					return ad;
				});
				// Made now, so the player's first Range request finds the file ready.
				audio()
					.then(store => store.rendition(trackId, kbps))
					.catch(() => undefined);
				const expires = Math.floor((now() + ttlMs) / 1000);
				return {
					playId,
					streamUrl: streamUrl(basePath, secret, { playId, trackId, kbps, expires }),
					bitrate: kbps,
					ad,
					durationMs
				};
			},
			async audio(ctx) {
				const { playId, track, kbps, expires, signature, range } = ctx.params;
				checkStreamGrant(secret, { playId, trackId: track, kbps, expires }, signature, now());
				const file = await (await audio()).rendition(track, kbps);
				const wanted = parseRange(range, file.size);
				// Cached no longer than the URL works: a browser must not replay bytes for a URL the server would refuse.
				const maxAge = Math.max(0, expires - Math.ceil(now() / 1000));
				const common = { "accept-ranges": "bytes", "cache-control": `private, max-age=${maxAge}` };
				if (wanted.kind === "unsatisfiable")
					throw new BackbeatError("RANGE_NOT_SATISFIABLE", `The audio is ${file.size} bytes; '${range}' is past its end`, {
						data: { size: file.size }
					});
				if (wanted.kind === "full") {
					setHttpResponse(ctx, { headers: { ...common, "content-length": String(file.size) } });
					return createReadStream(file.path);
				}
				const { start, end } = wanted;
				setHttpResponse(ctx, {
					status: 206,
					headers: { ...common, "content-length": String(end - start + 1), "content-range": `bytes ${start}-${end}/${file.size}` }
				});
				return createReadStream(file.path, { start, end });
			},
			async progress(ctx) {
				const play = await playOf(ctx, ctx.params.playId);
				if (play.state !== "playing") throw notPlaying(play.play_id, play.state);
				checkPosition(ctx.params.positionMs, play);
				const at = new Date(now()).toISOString();
				await db.transaction(ctx, async tx => {
					const [updated] = await tx.db
						.updateTable("plays")
						.set({ position_ms: ctx.params.positionMs, updated_at: at })
						.where("play_id", "=", play.play_id)
						.where("state", "=", "playing")
						.execute();
					// The play ended meanwhile: its last event is published; a later position would contradict it.
					if (Number(updated?.numUpdatedRows ?? 0n) === 0) throw notPlaying(play.play_id, "ended");
					await tx.publish(
						StreamingContract,
						"playProgressed",
						{ ...eventFields(play), positionMs: ctx.params.positionMs, at },
						{ key: play.user_id }
					);
				});
			},
			complete: ctx => finish(ctx, ctx.params.playId, "completed", undefined),
			skip: ctx => finish(ctx, ctx.params.playId, "skipped", ctx.params.positionMs),
			async recentlyPlayed(ctx) {
				const plays = await db.db
					.selectFrom("plays")
					.selectAll()
					.where("user_id", "=", signedInUser(ctx).id)
					.orderBy("started_at", "desc")
					.orderBy("play_id")
					.limit(ctx.params.limit)
					.execute();
				const catalog = client(ctx, CatalogContract);
				const found = await withoutDeleted(
					[...new Set(plays.map(play => play.track_id))],
					async ids => (await catalog.getTracks({ ids })).tracks
				);
				const tracks = new Map(found.items.map(track => [track.id, track]));
				return {
					items: plays.flatMap(play => {
						const track = tracks.get(play.track_id);
						if (!track) return [];
						const state = play.state as "playing" | "completed" | "skipped";
						return [
							{
								playId: play.play_id,
								playedAt: play.started_at,
								bitrate: play.bitrate,
								state,
								positionMs: play.position_ms,
								track
							}
						];
					})
				};
			}
			// backbeat: actions end
		},
		async stopped() {
			try {
				await ownAudio?.then(
					store => store.close(),
					() => undefined // it never opened: nothing to close
				);
			} finally {
				if (database === undefined) await db.close();
			}
		}
	});
}

function eventFields(play: Play) {
	return { playId: play.play_id, userId: play.user_id, trackId: play.track_id, bitrate: play.bitrate, durationMs: play.duration_ms };
}

function checkPosition(positionMs: number, play: Play): void {
	if (positionMs > play.duration_ms)
		throw new BackbeatError("VALIDATION_FAILED", `positionMs ${positionMs} is past the end of the track (${play.duration_ms} ms)`, {
			data: { field: "positionMs", durationMs: play.duration_ms }
		});
}

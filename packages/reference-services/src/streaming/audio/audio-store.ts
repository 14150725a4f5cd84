// The renditions on disk: made when first asked for, kept in a folder of
// bounded size (least recently used out first), found again after a restart.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DATABASE_DEFAULTS } from "@backbeat/sdk";
import { synthesizeMelody } from "./melody.js";
import { type Mp3Bitrate, encodeMp3Yielding } from "./mp3-encoder.js";

export const AUDIO_STORE_DEFAULTS = {
	/** `<BACKBEAT_DATA_DIR or ./data>/audio`, read when the store opens (so a test can point the data folder elsewhere first). */
	dir: (env: NodeJS.ProcessEnv = process.env): string => join(env["BACKBEAT_DATA_DIR"] || DATABASE_DEFAULTS.dataDir, "audio"),
	/** 128 MiB: about a hundred 30 s tracks in both renditions, and the data folder stays far under its 300 MB budget. */
	maxBytes: 128 * 1024 * 1024
} as const;

export interface AudioStoreOptions {
	/** The folder for the MP3 files, made if missing. Default: {@link AUDIO_STORE_DEFAULTS}.dir(). */
	dir?: string;
	/** Past this many bytes of MP3s, the least recently used files are deleted. Default: 128 MiB. */
	maxBytes?: number;
}

/** A rendition ready to serve. */
export interface Rendition {
	readonly path: string;
	readonly size: number;
	readonly durationMs: number;
	readonly contentType: "audio/mpeg";
}

export interface AudioStore {
	/**
	 * The track's MP3 at `bitrate`, made now if the folder does not hold it.
	 * Open the file soon: a later rendition may evict it (a file already
	 * open keeps reading after its unlink on POSIX systems).
	 */
	rendition(trackId: string, bitrate: Mp3Bitrate): Promise<Rendition>;
	/** Waits for renditions being made; later calls to `rendition` fail. */
	close(): Promise<void>;
}

// Track ids become file names: nothing that could leave the folder or collide with the name's own dots.
const TRACK_ID = /^[A-Za-z0-9_-]{1,64}$/;
// `<trackId>.<kbps>k.<durationMs>ms.mp3`: the duration lives in the name, so a restart needs no sidecar and no decoding.
const FILE_NAME = /^([A-Za-z0-9_-]{1,64})\.(160|320)k\.(\d+)ms\.mp3$/;
// Recency reaches the disk (as mtime, read back on open) at most this often per file, not on every range request.
const TOUCH_INTERVAL_MS = 60_000;

// Writing a rendition takes milliseconds: a temporary file this old belongs to no one.
const STALE_TEMPORARY_MS = 10 * 60_000;

interface Entry {
	readonly rendition: Rendition;
	lastTouchedMs: number;
}

export async function openAudioStore(options: AudioStoreOptions = {}): Promise<AudioStore> {
	const dir = resolve(options.dir ?? AUDIO_STORE_DEFAULTS.dir());
	const maxBytes = options.maxBytes ?? AUDIO_STORE_DEFAULTS.maxBytes;
	if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
		throw new RangeError(`audio store: maxBytes must be a positive integer, got ${maxBytes}`);
	await mkdir(dir, { recursive: true });

	// Least recently used first: a Map iterates in insertion order, and a use moves the entry to the end.
	const entries = new Map<string, Entry>();
	const making = new Map<string, Promise<Rendition>>();
	let totalBytes = 0;
	let closed = false;

	for (const found of await scan(dir)) {
		entries.set(keyOf(found.trackId, found.bitrate), { rendition: found.rendition, lastTouchedMs: found.mtimeMs });
		totalBytes += found.rendition.size;
	}

	function use(key: string, entry: Entry): void {
		entries.delete(key);
		entries.set(key, entry);
	}

	function forget(key: string): void {
		const entry = entries.get(key);
		if (!entry) return;
		entries.delete(key);
		totalBytes -= entry.rendition.size;
	}

	async function cached(key: string): Promise<Rendition | undefined> {
		const entry = entries.get(key);
		if (!entry) return undefined;
		const now = Date.now();
		try {
			if (now - entry.lastTouchedMs >= TOUCH_INTERVAL_MS) {
				await utimes(entry.rendition.path, new Date(now), new Date(now));
				entry.lastTouchedMs = now;
			} else await stat(entry.rendition.path);
		} catch (error) {
			// Deleted behind our back (by hand, or by another process sharing the folder): make it again.
			if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
			forget(key);
			return undefined;
		}
		use(key, entry);
		return entry.rendition;
	}

	async function make(trackId: string, bitrate: Mp3Bitrate, key: string): Promise<Rendition> {
		const pcm = synthesizeMelody(trackId);
		const bytes = await encodeMp3Yielding(pcm, bitrate);
		const path = join(dir, `${trackId}.${bitrate}k.${pcm.durationMs}ms.mp3`);
		// Written under a temporary name and renamed: a crash leaves a *.tmp (deleted by a later open once stale), never a truncated MP3.
		const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
		try {
			await writeFile(temporary, bytes);
			await rename(temporary, path);
		} catch (error) {
			await unlink(temporary).catch(() => undefined);
			throw error;
		}
		const rendition: Rendition = { path, size: bytes.length, durationMs: pcm.durationMs, contentType: "audio/mpeg" };
		entries.set(key, { rendition, lastTouchedMs: Date.now() });
		totalBytes += rendition.size;
		await evict(key);
		return rendition;
	}

	/** Deletes least recently used files until the folder fits, never the one just made (it is about to be served). */
	async function evict(keep?: string): Promise<void> {
		for (const [key, entry] of entries) {
			if (totalBytes <= maxBytes) return;
			if (key === keep || making.has(key)) continue;
			forget(key);
			await unlink(entry.rendition.path).catch((error: NodeJS.ErrnoException) => {
				if (error.code !== "ENOENT") throw error;
			});
		}
	}

	// A folder left larger than a (now lower) limit is trimmed at once.
	await evict();

	return {
		async rendition(trackId, bitrate) {
			if (closed) throw new Error("audio store: closed");
			if (!TRACK_ID.test(trackId))
				throw new TypeError(`audio store: invalid track id ${JSON.stringify(trackId)} (1–64 of A–Z a–z 0–9 _ -)`);
			if (bitrate !== 160 && bitrate !== 320) throw new TypeError(`audio store: bitrate must be 160 or 320, got ${String(bitrate)}`);
			const key = keyOf(trackId, bitrate);
			// Checked before the disk: concurrent first requests share one encoding.
			const pending = making.get(key);
			if (pending) return pending;
			const hit = await cached(key);
			if (hit) return hit;
			// `cached` awaited the disk: another request may have started making it meanwhile.
			const started = making.get(key);
			if (started) return started;
			const made = make(trackId, bitrate, key).finally(() => making.delete(key));
			making.set(key, made);
			return made;
		},
		async close() {
			closed = true;
			await Promise.allSettled(making.values());
		}
	};
}

function keyOf(trackId: string, bitrate: Mp3Bitrate): string {
	return `${trackId}.${bitrate}`;
}

/** The MP3s already in the folder, least recently used first; temporary files left by a crash are deleted. */
async function scan(dir: string) {
	const found: { trackId: string; bitrate: Mp3Bitrate; rendition: Rendition; mtimeMs: number }[] = [];
	for (const name of await readdir(dir)) {
		const path = join(dir, name);
		if (name.endsWith(".tmp")) {
			// A young one may be another process (sharing the folder) still writing: leave it; an old one is debris.
			const info = await stat(path).catch(() => undefined);
			if (info && Date.now() - info.mtimeMs > STALE_TEMPORARY_MS) await unlink(path).catch(() => undefined);
			continue;
		}
		const match = FILE_NAME.exec(name);
		if (!match) continue;
		const [, trackId = "", kbps, durationMs] = match;
		const info = await stat(path);
		const bitrate: Mp3Bitrate = kbps === "320" ? 320 : 160;
		found.push({
			trackId,
			bitrate,
			rendition: { path, size: info.size, durationMs: Number(durationMs), contentType: "audio/mpeg" },
			mtimeMs: info.mtimeMs
		});
	}
	return found.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

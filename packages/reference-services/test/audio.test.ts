// The streaming service's audio: a deterministic tune per track, its two CBR MP3
// renditions (read back frame by frame), and the bounded folder that keeps them.
import { readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Test } from "tap";
import t from "tap";
import { AUDIO_STORE_DEFAULTS, openAudioStore } from "../src/streaming/audio/audio-store.js";
import { melodyDurationMs, synthesizeMelody } from "../src/streaming/audio/melody.js";
import { encodeMp3 } from "../src/streaming/audio/mp3-encoder.js";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { readMp3Frames } from "./support/mp3-frames.js";

async function temporaryDir(t: Test): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), "backbeat-audio-"));
	t.teardown(() => rm(dir, { recursive: true, force: true }));
	return dir;
}

/** The MP3 files in a folder with their sizes, by name. */
function mp3Files(dir: string): Record<string, number> {
	const files = readdirSync(dir).filter(name => name.endsWith(".mp3"));
	return Object.fromEntries(files.map(name => [name, statSync(join(dir, name)).size]));
}

const total = (files: Record<string, number>) => Object.values(files).reduce((sum, size) => sum + size, 0);

t.test("the tune is the same for the same id, different for another, 20–40 s long, audible and unclipped", async t => {
	const first = synthesizeMelody("tr0badc0de");
	// Compared as bytes: t.same walks a million-sample array element by element, for seconds.
	const bytesOf = (samples: Int16Array) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
	t.equal(Buffer.compare(bytesOf(synthesizeMelody("tr0badc0de").samples), bytesOf(first.samples)), 0, "same id, same samples");
	t.not(Buffer.compare(bytesOf(synthesizeMelody("tr0badc0df").samples), bytesOf(first.samples)), 0, "another id, other samples");
	const durations = new Set<number>();
	for (let i = 0; i < 12; i++) {
		const id = `tr${i.toString(16).padStart(8, "0")}`;
		const pcm = synthesizeMelody(id);
		t.ok(pcm.durationMs >= 20_000 && pcm.durationMs <= 40_000, `${pcm.durationMs} ms is within 20–40 s`);
		t.equal(pcm.samples.length, (pcm.durationMs * pcm.sampleRate * pcm.channels) / 1000, "the samples last durationMs");
		t.equal(melodyDurationMs(id), pcm.durationMs, "the length is known without making the tune");
		let peak = 0;
		for (const sample of pcm.samples) peak = Math.max(peak, Math.abs(sample));
		t.ok(peak > 16_000 && peak < 32_767, `peak ${peak}: loud, never at full scale`);
		durations.add(pcm.durationMs);
	}
	t.ok(durations.size > 6, "lengths vary between tracks");
	t.equal(first.sampleRate, 44_100);
});

t.test("both renditions are constant-bitrate MPEG-1 Layer III at 44.1 kHz, the same bytes every time, 2× apart in size", async t => {
	const pcm = synthesizeMelody("tr5eed0001");
	const low = encodeMp3(pcm, 160);
	const high = encodeMp3(pcm, 320);
	t.equal(Buffer.compare(encodeMp3(pcm, 160), low), 0, "encoding again gives the same bytes");
	for (const [bytes, kbps] of [
		[low, 160],
		[high, 320]
	] as const) {
		const mp3 = readMp3Frames(bytes);
		t.equal(mp3.version, "MPEG-1");
		t.equal(mp3.sampleRate, 44_100);
		t.same(new Set(mp3.frames.map(frame => frame.bitrateKbps)), new Set([kbps]), `every frame is ${kbps} kbit/s`);
		t.same(new Set(mp3.frames.map(frame => frame.channelMode)), new Set(["mono"]), "every frame is mono");
		// The encoder adds its delay and pads the last frame: at most a few frames (26 ms each) more than the tune.
		t.ok(
			mp3.durationMs >= pcm.durationMs && mp3.durationMs < pcm.durationMs + 120,
			`${mp3.durationMs} ms of frames for a ${pcm.durationMs} ms tune`
		);
	}
	const ratio = high.length / low.length;
	t.ok(ratio >= 1.8 && ratio <= 2.2, `320 kbit/s is ${ratio.toFixed(3)}× the 160 kbit/s size`);
});

t.test("the frame reader skips an ID3v2 tag and refuses broken files (so the checks above can fail)", async t => {
	const mp3 = encodeMp3(synthesizeMelody("tr5eed0002"), 160);
	const tag = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 1, 0x05, ...new Array<number>(133).fill(0)]); // 128 + 5 = 133 bytes of body
	const frames = readMp3Frames(mp3).frames.length;
	t.equal(readMp3Frames(Buffer.concat([tag, mp3])).frames.length, frames, "same frames behind a tag");
	t.throws(() => readMp3Frames(mp3.subarray(0, mp3.length - 100)), /runs past the end/, "a truncated file");
	const broken = Buffer.from(mp3);
	const second = readMp3Frames(mp3).frames[1]?.offset ?? 0;
	broken[second] = 0;
	t.throws(() => readMp3Frames(broken), /no frame sync/, "a damaged frame header");
});

t.test("the store makes a rendition once, under the data folder by default, with the tune's bytes", async t => {
	const dataDir = useTemporaryDataDir(t);
	const store = await openAudioStore();
	t.teardown(() => store.close());
	const [a, b, c] = await Promise.all([
		store.rendition("trc0ffee01", 160),
		store.rendition("trc0ffee01", 160),
		store.rendition("trc0ffee01", 160)
	]);
	t.equal(a, b, "concurrent requests share one result");
	t.equal(a, c);
	const expected = encodeMp3(synthesizeMelody("trc0ffee01"), 160);
	t.match(a, { size: expected.length, durationMs: synthesizeMelody("trc0ffee01").durationMs, contentType: "audio/mpeg" });
	t.equal(Buffer.compare(readFileSync(a.path), expected), 0, "the file holds the encoder's bytes");
	t.equal(join(dataDir, "audio"), AUDIO_STORE_DEFAULTS.dir());
	t.same(readdirSync(join(dataDir, "audio")), [basename(a.path)], "one file, no temporary left");
	const again = await store.rendition("trc0ffee01", 160);
	t.same(again, a, "a later request is answered from the folder");
	t.equal(statSync(again.path).ino, statSync(a.path).ino);
});

t.test("the folder stays under maxBytes, evicting the least recently used file, never the one just made", async t => {
	// A limit that two of the three files fit under but not all three. At 160 kbit/s a frame carries 20 bytes a millisecond and
	// the frames last at least the tune (checked above) plus a few of the encoder's (under 4 kB a file): no need to encode first.
	const tunes = ["trlru00001", "trlru00002", "trlru00003"].map(id => synthesizeMelody(id).durationMs * 20);
	const maxBytes = tunes.reduce((sum, bytes) => sum + bytes, 0) - 10_000;

	const dir = await temporaryDir(t);
	const store = await openAudioStore({ dir, maxBytes });
	t.teardown(() => store.close());
	const one = await store.rendition("trlru00001", 160);
	const two = await store.rendition("trlru00002", 160);
	await store.rendition("trlru00001", 160); // now 2 is the least recently used
	const three = await store.rendition("trlru00003", 160);
	t.same(mp3Files(dir), { [basename(one.path)]: one.size, [basename(three.path)]: three.size }, "2 was evicted");
	t.ok(total(mp3Files(dir)) <= maxBytes);
	const twoAgain = await store.rendition("trlru00002", 160);
	t.same(twoAgain, two, "made again, the same file");
	t.same(mp3Files(dir), { [basename(three.path)]: three.size, [basename(two.path)]: two.size }, "then 1 was the least recently used");
	await store.close();
	const reopened = await openAudioStore({ dir, maxBytes: two.size });
	await reopened.close();
	t.same(mp3Files(dir), { [basename(two.path)]: two.size }, "opened with a lower limit, the folder drops its oldest file");

	const tiny = await openAudioStore({ dir, maxBytes: 1000 });
	t.teardown(() => tiny.close());
	t.same(mp3Files(dir), {}, "opened with a limit smaller than any file, the folder is emptied");
	const kept = await tiny.rendition("trlru00003", 160);
	t.same(mp3Files(dir), { [basename(kept.path)]: kept.size }, "a file larger than the limit is kept when just made");
});

t.test("after a restart the store serves the files already there and ignores temporary ones", async t => {
	const dir = await temporaryDir(t);
	const before = await openAudioStore({ dir });
	const made = await before.rendition("trre57a87", 320);
	await before.close();
	await t.rejects(before.rendition("trre57a87", 320), /closed/, "a closed store refuses");

	// A crash in the middle of making the 160 kbit/s rendition: a partial temporary file, and an older one from a crash long ago.
	const duration = synthesizeMelody("trre57a87").durationMs;
	const partial = join(dir, `trre57a87.160k.${duration}ms.mp3.0a1b2c.tmp`);
	const stale = join(dir, `trre57a87.160k.${duration}ms.mp3.3d4e5f.tmp`);
	writeFileSync(partial, readFileSync(made.path).subarray(0, 1000));
	writeFileSync(stale, "partial");
	utimesSync(stale, new Date(0), new Date(0));

	const after = await openAudioStore({ dir });
	t.teardown(() => after.close());
	t.notOk(readdirSync(dir).includes(basename(stale)), "a temporary file from long ago is deleted on open");
	const reused = await after.rendition("trre57a87", 320);
	t.same(reused, made, "same path, size and duration");
	t.equal(statSync(reused.path).ino, statSync(made.path).ino, "the file was not made again");
	const low = await after.rendition("trre57a87", 160);
	t.not(low.path, partial, "the temporary file is not served");
	t.equal(readMp3Frames(readFileSync(low.path)).frames.at(-1)?.bitrateKbps, 160, "a whole MP3 is");
});

t.test("bad track ids, bitrates and limits are refused", async t => {
	const store = await openAudioStore({ dir: await temporaryDir(t) });
	t.teardown(() => store.close());
	for (const id of ["", "../../etc/passwd", "a/b", "a\\b", "tr.1", "tr\u00001", "x".repeat(65), "trä"]) {
		await t.rejects(store.rendition(id, 160), { name: "TypeError", message: /invalid track id/ }, JSON.stringify(id));
	}
	await t.rejects(store.rendition("tr00000001", 128 as 160), /bitrate must be 160 or 320/);
	await t.rejects(openAudioStore({ maxBytes: 0 }), /maxBytes must be a positive integer/);
});

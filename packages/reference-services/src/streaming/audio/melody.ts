// Every catalog track gets real audio without shipping any: a short tune
// written from the track id, so the same id always sounds (and encodes) the same.
import { createHash } from "node:crypto";

/** 16-bit PCM, channels interleaved. */
export interface Pcm {
	readonly sampleRate: number;
	readonly channels: 1 | 2;
	readonly samples: Int16Array;
	readonly durationMs: number;
}

// 44.1 kHz keeps the MP3s MPEG-1 Layer III, the only version that allows 320 kbit/s.
// Mono: a single melody gains nothing from a second channel, and it halves the synthesis and encoding work.
const SAMPLE_RATE = 44_100;
const MIN_DURATION_MS = 20_000;
const MAX_DURATION_MS = 40_000;
const FADE_OUT_MS = 1_500;

// Scales as semitones above the key's root: all of them sound fine over their own triads.
const SCALES = [
	[0, 2, 4, 5, 7, 9, 11], // major
	[0, 2, 3, 5, 7, 8, 10], // natural minor
	[0, 2, 3, 5, 7, 9, 10], // dorian
	[0, 2, 4, 5, 7, 9, 10] // mixolydian
] as const;

// Chord roots as scale degrees (0-based), one chord a bar, the loops most pop songs use.
const PROGRESSIONS = [
	[0, 4, 5, 3],
	[0, 5, 3, 4],
	[5, 3, 0, 4],
	[0, 3, 4, 3]
] as const;

/** The track's tune: 20–40 s, its key, scale, tempo, motif and length all drawn from a hash of `trackId`. */
export function synthesizeMelody(trackId: string): Pcm {
	const random = seededRandom(trackId);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

	const durationMs = drawDuration(random);
	const frameCount = (durationMs * SAMPLE_RATE) / 1000;
	const mix = new Float32Array(frameCount);

	const scale = pick(SCALES);
	const progression = pick(PROGRESSIONS);
	const root = 55 + Math.floor(random() * 10); // MIDI G3..E4
	const beatSec = 60 / (84 + Math.floor(random() * 49)); // 84–132 bpm
	const barSec = 4 * beatSec;
	const brightness = 0.15 + random() * 0.35;

	// A two-bar motif of eighth-note slots (a rest or a step of the scale), repeated with small changes so it sounds like a song, not noise.
	const motif = Array.from({ length: 16 }, (_, slot) => (slot % 4 !== 0 && random() < 0.25 ? null : Math.floor(random() * 5) - 2));
	const bars = Math.ceil(durationMs / 1000 / barSec);
	let degree = 0;
	for (let bar = 0; bar < bars; bar++) {
		const chord = progression[bar % progression.length] ?? 0;
		const barStart = bar * barSec;
		addNote(mix, midiOf(root - 12, scale, chord), barStart, barSec * 0.95, 0.35, 0.1);
		addNote(mix, midiOf(root - 12, scale, chord + 4), barStart + 2 * beatSec, barSec * 0.45, 0.2, 0.1);
		for (let slot = 0; slot < 8; slot++) {
			const step = motif[(bar % 2) * 8 + slot];
			if (step === undefined || step === null) continue;
			// Every fourth bar varies the motif; strong beats fall back to a chord tone so the melody fits its bass.
			const varied = bar % 4 === 3 && random() < 0.5 ? step + pick([-1, 1]) : step;
			degree = slot % 4 === 0 ? chord + pick([0, 2, 4]) : clamp(degree + varied, chord - 3, chord + 9);
			addNote(mix, midiOf(root, scale, degree), barStart + (slot * beatSec) / 2, beatSec * 0.9, 0.3, brightness);
		}
	}
	return { sampleRate: SAMPLE_RATE, channels: 1, samples: toInt16(mix, durationMs), durationMs };
}

/** Pitch of a scale degree (any integer, wrapping into octaves) above `root`. */
function midiOf(root: number, scale: readonly number[], degree: number): number {
	const octave = Math.floor(degree / scale.length);
	const index = degree - octave * scale.length;
	return root + 12 * octave + (scale[index] ?? 0);
}

/** A plucked tone: a fundamental plus a little of its next two harmonics, a 5 ms attack and an exponential decay. */
function addNote(mix: Float32Array, midi: number, startSec: number, lengthSec: number, gain: number, brightness: number): void {
	const start = Math.round(startSec * SAMPLE_RATE);
	const end = Math.min(mix.length, start + Math.round(lengthSec * SAMPLE_RATE));
	const omega = (2 * Math.PI * 440 * 2 ** ((midi - 69) / 12)) / SAMPLE_RATE;
	const attack = 0.005 * SAMPLE_RATE;
	const decay = Math.exp(-4 / (end - start));
	// The last 10 ms ramp to zero so a note never ends in a click.
	const release = 0.01 * SAMPLE_RATE;
	// The oscillator turns a unit vector by omega each sample (no Math.sin per sample: synthesis stays a small
	// part of the first request's time), and the harmonics follow from it: sin 2x = 2 sin x cos x, sin 3x = sin x (3 - 4 sin² x).
	const stepCos = Math.cos(omega);
	const stepSin = Math.sin(omega);
	let sin = 0;
	let cos = 1;
	let envelope = gain;
	for (let i = start; i < end; i++) {
		const shape = Math.min(1, (i - start) / attack, (end - i) / release);
		const tone = sin + brightness * 2 * sin * cos + brightness * 0.5 * sin * (3 - 4 * sin * sin);
		mix[i] = (mix[i] ?? 0) + envelope * shape * tone;
		envelope *= decay;
		const nextSin = sin * stepCos + cos * stepSin;
		cos = cos * stepCos - sin * stepSin;
		sin = nextSin;
	}
}

/** Peak-normalised to -2 dBFS (so no tune clips and all are about as loud), with a fade at the end. */
function toInt16(mix: Float32Array, durationMs: number): Int16Array {
	let peak = 0;
	for (const value of mix) peak = Math.max(peak, Math.abs(value));
	const scale = peak > 0 ? (0.8 * 32767) / peak : 0;
	const fade = (FADE_OUT_MS / durationMs) * mix.length;
	const samples = new Int16Array(mix.length);
	for (let i = 0; i < mix.length; i++) samples[i] = Math.round((mix[i] ?? 0) * scale * Math.min(1, (mix.length - i) / fade));
	return samples;
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

/** mulberry32 seeded from SHA-256 of the id: the same id always gives the same sequence, on any machine. */
/** The length of the track's tune, without making it: a play's length is known before its audio exists. */
export function melodyDurationMs(trackId: string): number {
	return drawDuration(seededRandom(trackId));
}

// The first draw of the track's random sequence; whole 10 ms steps, so the length is a whole number of samples at 44.1 kHz.
function drawDuration(random: () => number): number {
	return MIN_DURATION_MS + 10 * Math.floor(random() * ((MAX_DURATION_MS - MIN_DURATION_MS) / 10 + 1));
}

function seededRandom(trackId: string): () => number {
	let state = createHash("sha256").update(trackId).digest().readUInt32LE(0);
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

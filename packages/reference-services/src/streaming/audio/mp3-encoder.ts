// PCM to constant-bitrate MP3 with lamejs (pure JavaScript: nothing to install
// on the host, at the price of about a second of CPU per 30 s rendition).
import { setImmediate as nextTurn } from "node:timers/promises";
import { Mp3Encoder } from "@breezystack/lamejs";
import type { Pcm } from "./melody.js";

/** The two renditions: free listeners get 160 kbit/s, premium 320. Both are valid MPEG-1 Layer III bitrates. */
export type Mp3Bitrate = 160 | 320;

// 40 MP3 frames (about a second of audio, some 30 ms of CPU) per call to the encoder.
const SLICE_SAMPLES = 1152 * 40;

/**
 * The whole tune as one CBR MP3 (lamejs writes no Xing/VBR header and turns off
 * the bit reservoir, so every frame has the same bitrate and the file size is
 * proportional to it).
 */
export function encodeMp3(pcm: Pcm, kbps: Mp3Bitrate): Buffer {
	return Buffer.concat([...mp3Chunks(pcm, kbps)]);
}

/**
 * The same bytes as {@link encodeMp3}, giving the event loop a turn between
 * slices: a service encoding a rendition keeps answering its other calls.
 */
export async function encodeMp3Yielding(pcm: Pcm, kbps: Mp3Bitrate): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for (const chunk of mp3Chunks(pcm, kbps)) {
		chunks.push(chunk);
		await nextTurn();
	}
	return Buffer.concat(chunks);
}

function* mp3Chunks(pcm: Pcm, kbps: Mp3Bitrate): Generator<Uint8Array> {
	const encoder = new Mp3Encoder(pcm.channels, pcm.sampleRate, kbps);
	const [left, right] = pcm.channels === 1 ? [pcm.samples, undefined] : deinterleave(pcm.samples);
	for (let offset = 0; offset < left.length; offset += SLICE_SAMPLES) {
		const end = offset + SLICE_SAMPLES;
		yield bytesOf(
			right === undefined
				? encoder.encodeBuffer(left.subarray(offset, end))
				: encoder.encodeBuffer(left.subarray(offset, end), right.subarray(offset, end))
		);
	}
	yield bytesOf(encoder.flush());
}

function deinterleave(samples: Int16Array): [Int16Array, Int16Array] {
	const left = new Int16Array(samples.length / 2);
	const right = new Int16Array(samples.length / 2);
	for (let i = 0; i < left.length; i++) {
		left[i] = samples[2 * i] ?? 0;
		right[i] = samples[2 * i + 1] ?? 0;
	}
	return [left, right];
}

// lamejs's declarations say Uint8Array, but it returns an Int8Array: view the same memory as bytes.
function bytesOf(chunk: ArrayBufferView): Uint8Array {
	return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

// Walks the frames of an MP3 file from their headers (ISO/IEC 11172-3 §2.4.2.3,
// 13818-3 for MPEG-2/2.5), so the tests check what a player would read rather
// than trusting the encoder that wrote it. Layer III only: all the platform makes.

export interface Mp3Frame {
	readonly offset: number;
	readonly length: number;
	readonly bitrateKbps: number;
	readonly sampleRate: number;
	readonly channelMode: "stereo" | "joint stereo" | "dual channel" | "mono";
}

export interface Mp3Summary {
	readonly version: "MPEG-1" | "MPEG-2" | "MPEG-2.5";
	readonly sampleRate: number;
	readonly frames: readonly Mp3Frame[];
	readonly durationMs: number;
}

// Layer III bitrates by index; index 0 ("free format") and 15 are not allowed in the files we read.
const BITRATES = {
	"MPEG-1": [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
	"MPEG-2": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
} as const;
const SAMPLE_RATES = {
	"MPEG-1": [44_100, 48_000, 32_000],
	"MPEG-2": [22_050, 24_000, 16_000],
	"MPEG-2.5": [11_025, 12_000, 8_000]
} as const;
const VERSIONS = ["MPEG-2.5", undefined, "MPEG-2", "MPEG-1"] as const;
const CHANNEL_MODES = ["stereo", "joint stereo", "dual channel", "mono"] as const;
const ID3V1_LENGTH = 128;

/** Every frame of `bytes`, which must be a leading ID3v2 tag (optional), then frames back to back, then an ID3v1 tag (optional). */
export function readMp3Frames(bytes: Uint8Array): Mp3Summary {
	let offset = id3v2Length(bytes);
	while (offset + 1 < bytes.length && !(bytes[offset] === 0xff && ((bytes[offset + 1] ?? 0) & 0xe0) === 0xe0)) offset++;
	const frames: Mp3Frame[] = [];
	let version: Mp3Summary["version"] | undefined;
	let samples = 0;
	while (offset < bytes.length) {
		if (bytes.length - offset === ID3V1_LENGTH && String.fromCharCode(...bytes.subarray(offset, offset + 3)) === "TAG") break;
		if (bytes.length - offset < 4) throw new Error(`mp3: ${bytes.length - offset} stray bytes at ${offset}`);
		const header = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
		if (header >>> 21 !== 0x7ff) throw new Error(`mp3: no frame sync at ${offset}`);
		const frameVersion = VERSIONS[(header >>> 19) & 3];
		if (frameVersion === undefined) throw new Error(`mp3: reserved version at ${offset}`);
		if (((header >>> 17) & 3) !== 1) throw new Error(`mp3: not Layer III at ${offset}`);
		if (version !== undefined && frameVersion !== version) throw new Error(`mp3: version changes at ${offset}`);
		version = frameVersion;
		const bitrateKbps = BITRATES[frameVersion === "MPEG-1" ? "MPEG-1" : "MPEG-2"][(header >>> 12) & 15];
		if (!bitrateKbps) throw new Error(`mp3: free-format or bad bitrate index at ${offset}`);
		const sampleRate = SAMPLE_RATES[frameVersion][(header >>> 10) & 3];
		if (sampleRate === undefined) throw new Error(`mp3: reserved sample rate at ${offset}`);
		const padding = (header >>> 9) & 1;
		const channelMode = CHANNEL_MODES[(header >>> 6) & 3] ?? "stereo";
		// A Layer III frame holds 1152 samples in MPEG-1 and 576 in MPEG-2/2.5; its length is samples/8 × bitrate / rate, plus a padding byte.
		const frameSamples = frameVersion === "MPEG-1" ? 1152 : 576;
		const length = Math.floor(((frameSamples / 8) * bitrateKbps * 1000) / sampleRate) + padding;
		if (offset + length > bytes.length) throw new Error(`mp3: frame at ${offset} runs past the end`);
		frames.push({ offset, length, bitrateKbps, sampleRate, channelMode });
		samples += frameSamples;
		offset += length;
	}
	const first = frames[0];
	if (!first || version === undefined) throw new Error("mp3: no frames");
	if (frames.some(frame => frame.sampleRate !== first.sampleRate)) throw new Error("mp3: the sample rate changes");
	return { version, sampleRate: first.sampleRate, frames, durationMs: (samples / first.sampleRate) * 1000 };
}

/** The length of a leading ID3v2 tag: a 10-byte header whose size is four 7-bit bytes ("syncsafe"), plus a 10-byte footer if flagged. */
function id3v2Length(bytes: Uint8Array): number {
	if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 3)) !== "ID3") return 0;
	const size = bytes.subarray(6, 10).reduce((total, byte) => (total << 7) | (byte & 0x7f), 0);
	const footer = ((bytes[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
	return 10 + size + footer;
}

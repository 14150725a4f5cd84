/** A length-prefixed frame: 4-byte big-endian length, then the body. */
export function encodeFrame(body: string): Buffer {
	const frame = Buffer.allocUnsafe(4 + Buffer.byteLength(body));
	frame.writeUInt32BE(frame.length - 4, 0);
	frame.write(body, 4);
	return frame;
}

/** Cuts a TCP byte stream into frames, however the chunks fall. */
export class FrameReader {
	private pending: Buffer = Buffer.alloc(0);

	push(chunk: Buffer, onFrame: (body: Buffer) => void): void {
		this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
		while (this.pending.length >= 4) {
			const size = this.pending.readUInt32BE(0);
			if (this.pending.length < 4 + size) break;
			onFrame(this.pending.subarray(4, 4 + size));
			this.pending = this.pending.subarray(4 + size);
		}
	}
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A random unsigned 32-bit number (Math.random, as OpenTelemetry's own generator: ids must be unique, not secret). */
export function randomUint32(): number {
	return (Math.random() * 0x1_0000_0000) >>> 0;
}

function hex32(n = randomUint32()): string {
	return (HEX[n >>> 24] as string) + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

// Trace and span ids from a lookup table: OpenTelemetry's generator writes
// into a Buffer and hex-encodes it, a visible share of a traced call's cost.
// An all-zero id is invalid in W3C Trace Context, so it is never returned.

/** 32 lowercase hex digits, random; the last 8 are `low` (what ratio sampling reads) when it is given. */
export function newTraceId(low = randomUint32()): string {
	const id = hex32() + hex32() + hex32() + hex32(low);
	return id === "00000000000000000000000000000000" ? "00000000000000000000000000000001" : id;
}

/** 16 lowercase hex digits, random. */
export function newSpanId(): string {
	const id = hex32() + hex32();
	return id === "0000000000000000" ? "0000000000000001" : id;
}

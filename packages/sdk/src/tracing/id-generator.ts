import { randomFillSync } from "node:crypto";

// Ids are cut from a buffer of random bytes refilled 4 KiB at a time: one
// hex string per id, where building it from per-byte pieces allocated about
// fifteen intermediate strings per trace id (GC was a visible share of a
// traced call's cost). An all-zero id is invalid in W3C Trace Context, so it
// is never returned.
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
	if (offset + bytes > pool.length) {
		randomFillSync(pool);
		offset = 0;
	}
	const id = pool.toString("hex", offset, offset + bytes);
	offset += bytes;
	return id;
}

/** 32 lowercase hex digits, random. */
export function newTraceId(): string {
	const id = randomHex(16);
	return id === "00000000000000000000000000000000" ? "00000000000000000000000000000001" : id;
}

/** 16 lowercase hex digits, random. */
export function newSpanId(): string {
	const id = randomHex(8);
	return id === "0000000000000000" ? "0000000000000001" : id;
}

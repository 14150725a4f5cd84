import { createHmac, timingSafeEqual } from "node:crypto";
import { BackbeatError } from "@backbeat/sdk";

/** What a stream URL lets its holder fetch, until when (seconds since the epoch). */
export interface StreamGrant {
	readonly playId: string;
	readonly trackId: string;
	readonly kbps: number;
	readonly expires: number;
}

function signatureOf(secret: string, grant: StreamGrant): Buffer {
	return createHmac("sha256", secret).update(`${grant.playId}\n${grant.trackId}\n${grant.kbps}\n${grant.expires}`).digest();
}

/**
 * The gateway path of a play's audio: everything needed to serve it is in the
 * URL and signed, so an `<audio>` element can fetch it (no bearer header) and
 * serving it reads no database.
 */
export function streamUrl(basePath: string, secret: string, grant: StreamGrant): string {
	const query = new URLSearchParams({
		track: grant.trackId,
		kbps: String(grant.kbps),
		expires: String(grant.expires),
		signature: signatureOf(secret, grant).toString("base64url")
	});
	return `${basePath}/stream/${encodeURIComponent(grant.playId)}?${query}`;
}

/** FORBIDDEN unless `signature` is the grant's and it has not expired at `nowMs`. */
export function checkStreamGrant(secret: string, grant: StreamGrant, signature: string, nowMs: number): void {
	const expected = signatureOf(secret, grant);
	const given = Buffer.from(signature, "base64url");
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		throw new BackbeatError("FORBIDDEN", "The stream URL's signature is not valid", { data: { reason: "BAD_SIGNATURE" } });
	if (grant.expires * 1000 <= nowMs)
		throw new BackbeatError("FORBIDDEN", "The stream URL has expired: start the play again for a fresh one", {
			data: { reason: "EXPIRED" }
		});
}

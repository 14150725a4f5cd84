import { createHmac, timingSafeEqual } from "node:crypto";
import { BackbeatError } from "@backbeat/sdk";

/** The header a webhook's signature travels in (`t=<unix seconds>,v1=<hex>`, as Stripe's). */
export const WEBHOOK_SIGNATURE_HEADER = "Backbeat-Signature";

/** How far a signature's timestamp may be from now, in seconds, either way: older deliveries are refused as replays. */
export const WEBHOOK_TOLERANCE_SEC = 300;

const hmac = (secret: string, timestampSec: number, body: string) =>
	createHmac("sha256", secret).update(`${timestampSec}.${body}`, "utf8").digest("hex");

/** The `Backbeat-Signature` header value for `body` sent at `timestampSec`. */
export function signWebhook(secret: string, body: string, timestampSec: number): string {
	return `t=${timestampSec},v1=${hmac(secret, timestampSec, body)}`;
}

const refused = (reason: string, message: string) =>
	new BackbeatError("BAD_REQUEST", `Webhook refused: ${message}`, { data: { reason, header: WEBHOOK_SIGNATURE_HEADER } });

/**
 * Checks a webhook's signature header against the exact body text: the
 * timestamp must be within `toleranceSec` of `nowSec` and one `v1` must be the
 * HMAC-SHA256 of `"<t>.<body>"`, compared in constant time. Throws BAD_REQUEST
 * with `data.reason` (SIGNATURE_MISSING, SIGNATURE_MALFORMED,
 * TIMESTAMP_OUT_OF_TOLERANCE, SIGNATURE_MISMATCH) otherwise.
 */
export function verifyWebhook(
	secret: string,
	header: string | undefined,
	body: string,
	nowSec: number,
	toleranceSec: number = WEBHOOK_TOLERANCE_SEC
): void {
	if (header === undefined || header === "") throw refused("SIGNATURE_MISSING", `no ${WEBHOOK_SIGNATURE_HEADER} header`);
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(",")) {
		const [name, value, ...rest] = part.trim().split("=");
		if (value === undefined || rest.length > 0) throw refused("SIGNATURE_MALFORMED", `${WEBHOOK_SIGNATURE_HEADER} is not t=…,v1=…`);
		if (name === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
		else if (name === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
	}
	if (timestamp === undefined || signatures.length === 0)
		throw refused("SIGNATURE_MALFORMED", `${WEBHOOK_SIGNATURE_HEADER} needs a t= timestamp and a v1= hex signature`);
	if (Math.abs(nowSec - timestamp) > toleranceSec)
		throw refused("TIMESTAMP_OUT_OF_TOLERANCE", `the signature's timestamp is more than ${toleranceSec} s from now`);
	const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
	// Every candidate is compared (no early exit), each in constant time over equal lengths.
	let matched = false;
	for (const signature of signatures) matched = timingSafeEqual(expected, Buffer.from(signature, "hex")) || matched;
	if (!matched) throw refused("SIGNATURE_MISMATCH", "the signature does not match the body");
}

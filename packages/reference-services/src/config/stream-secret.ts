import { createHmac } from "node:crypto";
import { platformJwtSecret } from "./jwt-secret.js";

/**
 * The key of the streaming service's signed audio URLs:
 * `BACKBEAT_STREAM_SECRET`, else one derived from the platform's JWT secret
 * (so every streaming instance of a cluster agrees with no more set-up, and
 * knowing a stream URL's key reveals nothing about the token key).
 */
export function platformStreamSecret(env: NodeJS.ProcessEnv = process.env): string {
	const configured = env["BACKBEAT_STREAM_SECRET"];
	if (configured) return configured;
	return createHmac("sha256", platformJwtSecret(env)).update("backbeat stream urls").digest("base64url");
}

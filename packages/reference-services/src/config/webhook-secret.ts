import { createHmac } from "node:crypto";
import { platformJwtSecret } from "./jwt-secret.js";

/**
 * The secret the payment provider signs its webhooks with and the payments
 * service checks them against: `BACKBEAT_WEBHOOK_SECRET`, else one derived
 * from the platform's JWT secret (HMAC with a fixed label), so an embedded
 * platform needs no set-up and the two secrets never coincide.
 */
export function platformWebhookSecret(env: NodeJS.ProcessEnv = process.env): string {
	const configured = env["BACKBEAT_WEBHOOK_SECRET"];
	if (configured) return configured;
	return createHmac("sha256", platformJwtSecret(env)).update("backbeat webhook signing secret v1").digest("base64url");
}

import { createHmac } from "node:crypto";
import { platformJwtSecret } from "./jwt-secret.js";

/**
 * `variable` when set, else a key derived from the platform's JWT secret
 * (HMAC with a fixed label): every process of a cluster agrees with no more
 * set-up, an embedded platform needs none, and knowing one key reveals
 * nothing about the others.
 */
function derivedSecret(variable: string, label: string, env: NodeJS.ProcessEnv): string {
	const configured = env[variable];
	if (configured) return configured;
	return createHmac("sha256", platformJwtSecret(env)).update(label).digest("base64url");
}

/** The key of the streaming service's signed audio URLs: `BACKBEAT_STREAM_SECRET`, else derived. */
export function platformStreamSecret(env: NodeJS.ProcessEnv = process.env): string {
	return derivedSecret("BACKBEAT_STREAM_SECRET", "backbeat stream urls", env);
}

/** The key the payment provider signs webhooks with and the payments service checks: `BACKBEAT_WEBHOOK_SECRET`, else derived. */
export function platformWebhookSecret(env: NodeJS.ProcessEnv = process.env): string {
	return derivedSecret("BACKBEAT_WEBHOOK_SECRET", "backbeat webhook signing secret v1", env);
}

/** The key of the idempotency store's params fingerprints (checkout params hold card numbers): `BACKBEAT_IDEMPOTENCY_SECRET`, else derived. */
export function platformIdempotencySecret(env: NodeJS.ProcessEnv = process.env): string {
	return derivedSecret("BACKBEAT_IDEMPOTENCY_SECRET", "backbeat idempotency fingerprints", env);
}

import { createBroker, type BackbeatBroker, type BrokerOptions } from "@backbeat/sdk";
import { platformIdempotencySecret } from "./config/derived-secrets.js";

/**
 * A broker with the platform's defaults: tracing on (in-memory store for the
 * gateway's trace pages; OTLP too when an `OTEL_EXPORTER_OTLP_*` variable is
 * set), unless `OTEL_SDK_DISABLED=true` or `tracing: false` is passed; with
 * a shared (Redis) idempotency store, its fingerprints keyed with
 * `platformIdempotencySecret()`, which every process of a cluster derives alike.
 */
export function createPlatformBroker(options: BrokerOptions = {}, env: NodeJS.ProcessEnv = process.env): BackbeatBroker {
	// A store the processes share needs a key they all have; one process's memory store gets a random one from the SDK.
	const shared = (options.idempotencyStore ?? (env["BACKBEAT_IDEMPOTENCY_STORE"] || "memory")) !== "memory";
	const idempotency = shared ? { idempotencySecret: platformIdempotencySecret(env) } : {};
	return createBroker({ tracing: {}, ...idempotency, ...options }, env);
}

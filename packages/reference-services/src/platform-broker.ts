import { createBroker, type BackbeatBroker, type BrokerOptions } from "@backbeat/sdk";

/**
 * A broker with the platform's defaults: tracing on (in-memory store for the
 * gateway's trace pages; OTLP too when an `OTEL_EXPORTER_OTLP_*` variable is
 * set), unless `OTEL_SDK_DISABLED=true` or `tracing: false` is passed.
 */
export function createPlatformBroker(options: BrokerOptions = {}, env: NodeJS.ProcessEnv = process.env): BackbeatBroker {
	return createBroker({ tracing: {}, ...options }, env);
}

import { randomBytes } from "node:crypto";
import type { ServiceBroker } from "moleculer";
import type { IdempotencyStore } from "../idempotency/idempotency-store.js";
import { MemoryIdempotencyStore } from "../idempotency/memory-store.js";
import { ResilienceRuntime } from "../resilience/resilience-runtime.js";

/** What clients and handlers read at run time; it lives with the broker that runs them. */
export interface RuntimeSettings {
	readonly validateResults: boolean;
	readonly resilience: ResilienceRuntime;
	readonly idempotency: IdempotencyStore;
	/** HMAC key of params fingerprints in the idempotency store. */
	readonly fingerprintKey: string;
}

const settingsByBroker = new WeakMap<ServiceBroker, RuntimeSettings>();

export function defaultValidateResults(env: NodeJS.ProcessEnv = process.env): boolean {
	return env["NODE_ENV"] !== "production";
}

export function attachRuntimeSettings(broker: ServiceBroker, settings: RuntimeSettings): void {
	settingsByBroker.set(broker, settings);
}

/** A broker not made by `createBroker` gets the defaults, created once for it. */
export function runtimeSettings(broker: ServiceBroker): RuntimeSettings {
	let settings = settingsByBroker.get(broker);
	if (!settings) {
		const resilience = new ResilienceRuntime({}, broker.options.requestTimeout || 10_000);
		settings = {
			validateResults: defaultValidateResults(),
			resilience,
			idempotency: new MemoryIdempotencyStore(resilience.clock),
			fingerprintKey: randomBytes(32).toString("base64url")
		};
		settingsByBroker.set(broker, settings);
	}
	return settings;
}

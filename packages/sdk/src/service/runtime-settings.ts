import type { ServiceBroker } from "moleculer";

/** Settings that handlers read at run time; they live on the broker that runs them. */
export interface RuntimeSettings {
	readonly validateResults: boolean;
}

const SETTINGS = Symbol.for("backbeat.runtimeSettings");

type BrokerWithSettings = ServiceBroker & { [SETTINGS]?: RuntimeSettings };

export function defaultValidateResults(env: NodeJS.ProcessEnv = process.env): boolean {
	return env["NODE_ENV"] !== "production";
}

export function attachRuntimeSettings(broker: ServiceBroker, settings: RuntimeSettings): void {
	(broker as BrokerWithSettings)[SETTINGS] = settings;
}

/** Falls back to the defaults when a service runs on a broker not made by `createBroker`. */
export function runtimeSettings(broker: ServiceBroker): RuntimeSettings {
	return (broker as BrokerWithSettings)[SETTINGS] ?? { validateResults: defaultValidateResults() };
}

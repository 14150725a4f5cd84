import type { ServiceBroker } from "moleculer";
import { systemClock, type Clock, type RandomSource } from "./clock.js";

/** The time and randomness a broker's parts run on: the system's, or a test's ManualClock and seeded random. */
export interface BrokerTime {
	readonly clock: Clock;
	readonly random: RandomSource;
}

export const SYSTEM_TIME: BrokerTime = { clock: systemClock, random: Math.random };

const timeByBroker = new WeakMap<ServiceBroker, BrokerTime>();

/** Set by `createBroker` from its `resilience.clock` and `resilience.random`. */
export function attachBrokerTime(broker: ServiceBroker, time: BrokerTime): void {
	timeByBroker.set(broker, time);
}

/** What the relay and consumers of `broker` wait and jitter with; a broker not made by `createBroker` runs on the system's. */
export function brokerTime(broker: ServiceBroker): BrokerTime {
	return timeByBroker.get(broker) ?? SYSTEM_TIME;
}

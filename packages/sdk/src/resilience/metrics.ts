import type { ServiceBroker } from "moleculer";
import { METRICS } from "../metrics/metric-names.js";

export interface ResilienceMetrics {
	retry(action: string): void;
	budgetExhausted(service: string): void;
	deadlineExceeded(action: string): void;
	circuitStateChanged(endpoint: string, state: string): void;
}

/** Counters on the broker's registry; no-ops when `metrics` is off. */
export function resilienceMetrics(broker: ServiceBroker): ResilienceMetrics {
	if (!broker.isMetricsEnabled()) {
		const noop = () => undefined;
		return { retry: noop, budgetExhausted: noop, deadlineExceeded: noop, circuitStateChanged: noop };
	}
	const counter = (name: string, labelNames: string[], description: string) =>
		broker.metrics.register({ name, type: "counter", labelNames, description });
	counter(METRICS.retries, ["action"], "Retries made by callers");
	counter(METRICS.budgetExhausted, ["service"], "Retries refused because the retry budget was spent");
	counter(METRICS.deadlineExceeded, ["action"], "Calls that ran out of time");
	counter(METRICS.circuitStateChanges, ["endpoint", "state"], "Circuit breaker state changes");
	return {
		retry: action => broker.metrics.increment(METRICS.retries, { action }),
		budgetExhausted: service => broker.metrics.increment(METRICS.budgetExhausted, { service }),
		deadlineExceeded: action => broker.metrics.increment(METRICS.deadlineExceeded, { action }),
		circuitStateChanged: (endpoint, state) => broker.metrics.increment(METRICS.circuitStateChanges, { endpoint, state })
	};
}

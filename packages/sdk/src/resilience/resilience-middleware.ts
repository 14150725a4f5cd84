import type { Context, Middleware, ServiceBroker } from "moleculer";
import { toBackbeatError } from "../errors/normalize.js";
import type { ResilienceRuntime } from "./resilience-runtime.js";

type Handler = (ctx: Context) => Promise<unknown>;

/** Server-side failures count against an endpoint; a client's mistake (4xx) or an open circuit don't. */
function countsAsFailure(err: unknown): boolean {
	const error = toBackbeatError(err);
	return error.httpStatus >= 500 && error.code !== "CIRCUIT_OPEN";
}

/**
 * Moleculer middleware of a Backbeat broker: wraps every outgoing call to an
 * endpoint (node + action) in its circuit and registers the resilience
 * metrics. Local actions are wrapped only
 * for calls made in this process: a request that arrived from another node
 * is that node's circuit to keep.
 */
export function resilienceMiddleware(resilience: ResilienceRuntime): Middleware {
	let broker: ServiceBroker;
	const { breaker, breakerOptions } = resilience;
	const wrap = (next: Handler, action: { name: string }, remote: boolean): Handler => {
		if (!breakerOptions.enabled) return next;
		// Endpoint keys per node, built once: this runs on every call.
		const endpoints = new Map<string, string>();
		return ctx => {
			if (!remote && ctx.nodeID !== broker.nodeID) return next(ctx);
			const nodeID = ctx.nodeID ?? broker.nodeID;
			let endpoint = endpoints.get(nodeID);
			if (endpoint === undefined) {
				endpoint = `${nodeID}:${action.name}`;
				endpoints.set(nodeID, endpoint);
			}
			const admission = breaker.admit(endpoint);
			if (admission instanceof Error) return Promise.reject(admission);
			return next(ctx).then(
				result => {
					breaker.record(endpoint, admission.probe, false);
					return result;
				},
				(err: unknown) => {
					breaker.record(endpoint, admission.probe, countsAsFailure(err));
					throw err;
				}
			);
		};
	};
	const middleware = {
		name: "BackbeatResilience",
		created(created: ServiceBroker) {
			broker = created;
			resilience.attach(created);
		},
		localAction: (next: Handler, action: { name: string }) => wrap(next, action, false),
		remoteAction: (next: Handler, action: { name: string }) => wrap(next, action, true)
	};
	return middleware as unknown as Middleware;
}

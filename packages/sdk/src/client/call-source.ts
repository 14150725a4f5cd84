import type { Context, ServiceBroker } from "moleculer";

/**
 * Where calls and events start from: a broker (a new request) or a handler's
 * context (a nested call that keeps the request id, meta and trace).
 */
export type CallSource = ServiceBroker | Context;

/** Emits from either kind of source; their `emit` overloads don't unify as a union. */
export function emitFrom(source: CallSource, event: string, payload: unknown): Promise<void> {
	return (source as ServiceBroker).emit(event, payload);
}

import type { Context, ServiceBroker } from "moleculer";

/**
 * Where calls and events start from: a broker (a new request) or a handler's
 * context (a nested call that keeps the request id, meta and trace).
 */
export type CallSource = ServiceBroker | Context;

/** A handler's context rather than a broker. */
export function isContext(source: CallSource): source is Context {
	return "broker" in source && "params" in source;
}

/** The broker a call or event from `source` goes through. */
export function brokerOf(source: CallSource): ServiceBroker {
	return isContext(source) ? source.broker : source;
}

/** Emits from either kind of source; their `emit` overloads don't unify as a union. */
export function emitFrom(source: CallSource, event: string, payload: unknown): Promise<void> {
	return (source as ServiceBroker).emit(event, payload);
}

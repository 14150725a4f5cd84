import type { Context, ServiceBroker } from "moleculer";
import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames, PayloadOut } from "../contract/infer.js";
import { validateOrThrow } from "../schema/validate-or-throw.js";
import type { HandlerContext } from "../context/handler-context.js";

export type EventHandler<P> = (ctx: HandlerContext<P>) => void | Promise<void>;

export type EventHandlers<C extends Contract> = {
	readonly [K in EventNames<C>]?: EventHandler<PayloadOut<C, K>>;
};

/** Rejects keys that are not events of the contract, even when the object was built elsewhere. */
type OnlyContractEvents<C extends Contract, H> = {
	readonly [K in Exclude<keyof H, EventNames<C>>]: never;
};

export interface SubscriptionOptions {
	/**
	 * Instances in one group share the events (each event goes to one of
	 * them). Default: the subscribing service's full name (`v1.audit`), so
	 * every service, and every version of it, gets each event once however
	 * many instances it runs.
	 */
	readonly group?: string;
}

/** Moleculer's event schema entry, as produced for one contract event. */
export interface MoleculerEventEntry {
	readonly group?: string;
	readonly handler: (ctx: Context) => Promise<void>;
}

/** A typed set of handlers for one contract's events; pass it to `defineService({ subscriptions })`. */
export interface Subscription {
	readonly contract: Contract;
	toEventSchemas(): Record<string, MoleculerEventEntry>;
}

/**
 * Subscribes to events of a contract. Handler names and payload types come
 * from the contract; a name that is not one of its events is a compile error.
 * Payloads are validated on receipt, so a producer outside Backbeat can't
 * hand a handler a malformed payload.
 */
export function on<C extends Contract, H extends EventHandlers<C>>(
	contract: C,
	handlers: H & OnlyContractEvents<C, H>,
	options: SubscriptionOptions = {}
): Subscription {
	return {
		contract,
		toEventSchemas() {
			const schemas: Record<string, MoleculerEventEntry> = {};
			for (const [event, handler] of Object.entries(handlers as Record<string, EventHandler<unknown> | undefined>)) {
				const definition = contract.events[event];
				if (!definition || !handler) continue;
				const name = eventName(contract, event);
				schemas[name] = {
					...(options.group === undefined ? {} : { group: options.group }),
					async handler(this: { broker: ServiceBroker }, ctx: Context) {
						ctx.params = await validateOrThrow(definition.payload, ctx.params, name, "payload");
						await handler.call(this, ctx as HandlerContext<unknown>);
					}
				};
			}
			return schemas;
		}
	};
}

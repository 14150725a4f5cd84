import type { Service, ServiceSchema } from "moleculer";
import { actionName, type Contract } from "../contract/define-contract.js";
import type { ActionNames, ParamsOut, ResultIn } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { MoleculerEventEntry, Subscription } from "../events/subscription.js";
import { wrapAction } from "./action-wrapper.js";
import type { HandlerContext } from "./handler-context.js";

/**
 * A Moleculer service schema made by `defineService`; pass it to
 * `broker.createService()` or `createBroker({ services })`. Declared here so
 * exported services have a type that names @backbeat/sdk, not moleculer's internals.
 */
export interface ServiceDefinition extends ServiceSchema {}

export type ActionHandler<P, R> = (this: Service, ctx: HandlerContext<P>) => R | Promise<R>;

export type ActionHandlers<C extends Contract> = {
	readonly [K in ActionNames<C>]: ActionHandler<ParamsOut<C, K>, ResultIn<C, K>>;
};

/** Rejects handlers for actions the contract does not declare. */
type OnlyContractActions<C extends Contract, H> = {
	readonly [K in Exclude<keyof H, ActionNames<C>>]: never;
};

export interface ServiceImplementation<C extends Contract, H extends ActionHandlers<C>> {
	/** One handler per contract action; a missing or extra one is a compile error. */
	readonly actions: H & OnlyContractActions<C, H>;
	/** Events of this or other contracts this service handles, made with `on(contract, handlers)`. */
	readonly subscriptions?: readonly Subscription[];
	/** Services (by full name, e.g. `v1.catalog`) that must be available before `started` runs. */
	readonly dependencies?: readonly string[];
	/** Moleculer service settings, available as `this.settings`. */
	readonly settings?: Record<string, unknown>;
	readonly created?: (this: Service) => void;
	readonly started?: (this: Service) => void | Promise<void>;
	readonly stopped?: (this: Service) => void | Promise<void>;
}

/**
 * Implements a contract as a Moleculer service schema. `ctx.params` and each
 * handler's return type come from the contract. Params are validated before
 * the handler runs; results are validated when the broker's
 * `validateResults` is on (default outside production).
 */
export function defineService<C extends Contract, H extends ActionHandlers<C>>(
	contract: C,
	implementation: ServiceImplementation<C, H>
): ServiceDefinition {
	const actions: Record<string, { handler: ReturnType<typeof wrapAction>; timeout?: number }> = {};
	for (const action of Object.keys(contract.actions)) {
		const handler = (implementation.actions as Record<string, ActionHandler<unknown, unknown> | undefined>)[action];
		if (typeof handler !== "function") {
			throw new BackbeatError("CONTRACT_INVALID", `Service ${contract.fullName} has no handler for action '${action}'`, { data: { field: `actions.${action}` } });
		}
		const timeout = contract.actions[action]?.timeout;
		actions[action] = { handler: wrapAction(contract, action, handler), ...(timeout === undefined ? {} : { timeout }) };
	}
	const events: Record<string, MoleculerEventEntry> = {};
	for (const subscription of implementation.subscriptions ?? []) {
		for (const [name, entry] of Object.entries(subscription.toEventSchemas())) {
			if (events[name]) {
				throw new BackbeatError("CONTRACT_INVALID", `Service ${contract.fullName} subscribes to '${name}' twice`, { data: { field: "subscriptions" } });
			}
			// Moleculer's default group is the short service name, so v1 and v2 of one service
			// would share (split) the events; each version is its own subscriber.
			events[name] = { ...entry, group: entry.group ?? contract.fullName };
		}
	}
	const schema: ServiceDefinition = {
		name: contract.name,
		version: contract.version,
		settings: implementation.settings ?? {},
		actions,
		events
	};
	if (implementation.dependencies) schema.dependencies = [...implementation.dependencies];
	if (implementation.created) schema.created = implementation.created;
	if (implementation.started) schema.started = implementation.started;
	if (implementation.stopped) schema.stopped = implementation.stopped;
	return schema;
}

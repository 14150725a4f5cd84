import type { ActionSchema, Service, ServiceSchema } from "moleculer";
import type { Contract } from "../contract/define-contract.js";
import type { ActionNames, ParamsOut, ResultIn } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { MoleculerEventEntry, Subscription } from "../events/subscription.js";
import type { BindableConsumer, ChannelEntry, Consumer } from "../inbox/consume.js";
import { deadLetterActions } from "../inbox/dead-letter-actions.js";
import { createServiceRelay, type Relay } from "../outbox/relay.js";
import type { RelayOptions } from "../outbox/relay-options.js";
import { isChannelBroker } from "../outbox/row-publisher.js";
import type { Dialect } from "../storage/migrations.js";
import { wrapAction } from "./action-wrapper.js";
import type { HandlerContext } from "../context/handler-context.js";

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
	/**
	 * This service publishes outbox events from `database`: the database is
	 * migrated and a relay started with the service (`relay: false` when a
	 * separate process runs the relay). Default: none.
	 */
	readonly outbox?: { readonly database: MigratableDatabase; readonly relay?: RelayOptions | false };
	/**
	 * Durable event handlers, made with `consume(contract, database, handlers)`.
	 * The service then also answers `$deadLetters.list` and `$deadLetters.replay`
	 * (see DEAD_LETTER_ACTIONS) for its consumers' dead letters. Default none.
	 */
	readonly consumers?: readonly Consumer[];
	/** Services (by full name, e.g. `v1.catalog`) that must be available before `started` runs. */
	readonly dependencies?: readonly string[];
	/** Moleculer service settings, available as `this.settings`. */
	readonly settings?: Record<string, unknown>;
	readonly created?: (this: Service) => void;
	readonly started?: (this: Service) => void | Promise<void>;
	readonly stopped?: (this: Service) => void | Promise<void>;
}

/** Any `Database<T>` from `openDatabase`, whatever its tables. */
export interface MigratableDatabase {
	readonly dialect: Dialect;
	migrate(): Promise<void>;
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
	const actions: Record<string, ActionSchema> = {};
	for (const action of Object.keys(contract.actions)) {
		const handler = (implementation.actions as Record<string, ActionHandler<unknown, unknown> | undefined>)[action];
		if (typeof handler !== "function") {
			throw new BackbeatError("CONTRACT_INVALID", `Service ${contract.fullName} has no handler for action '${action}'`, {
				data: { field: `actions.${action}` }
			});
		}
		const timeout = contract.actions[action]?.timeout;
		actions[action] = { handler: wrapAction(contract, action, handler), ...(timeout === undefined ? {} : { timeout }) };
	}
	const events: Record<string, MoleculerEventEntry> = {};
	for (const subscription of implementation.subscriptions ?? []) {
		for (const [name, entry] of Object.entries(subscription.toEventSchemas())) {
			if (events[name]) {
				throw new BackbeatError("CONTRACT_INVALID", `Service ${contract.fullName} subscribes to '${name}' twice`, {
					data: { field: "subscriptions" }
				});
			}
			// Moleculer's default group is the short service name, so v1 and v2 of one service
			// would share (split) the events; each version is its own subscriber.
			events[name] = { ...entry, group: entry.group ?? contract.fullName };
		}
	}
	const consumers = (implementation.consumers ?? []) as readonly BindableConsumer[];
	const channels: Record<string, ChannelEntry> = {};
	for (const consumer of consumers) {
		consumer.bind(contract.fullName);
		for (const [name, entry] of Object.entries(consumer.toChannelEntries())) {
			if (channels[name])
				throw new BackbeatError("CONTRACT_INVALID", `Service ${contract.fullName} consumes '${name}' twice`, {
					data: { field: "consumers" }
				});
			channels[name] = entry;
		}
	}
	const deadLetters = consumers.length > 0 ? deadLetterActions(contract.fullName, consumers) : undefined;
	const schema: ServiceDefinition = {
		name: contract.name,
		version: contract.version,
		settings: implementation.settings ?? {},
		actions: { ...actions, ...deadLetters?.actions },
		events,
		...(deadLetters ? { channels, metadata: deadLetters.metadata } : {})
	};
	if (implementation.dependencies) schema.dependencies = [...implementation.dependencies];
	if (implementation.created) schema.created = implementation.created;
	const { outbox } = implementation;
	if (!outbox && consumers.length === 0) {
		if (implementation.started) schema.started = implementation.started;
		if (implementation.stopped) schema.stopped = implementation.stopped;
		return schema;
	}
	// One relay per service instance; a WeakMap because Moleculer builds the Service object itself.
	const relays = new WeakMap<Service, Relay>();
	schema.started = async function (this: Service) {
		const broker = this.broker;
		if (!isChannelBroker(broker)) {
			throw new BackbeatError(
				"CONFIG_INVALID",
				`${contract.fullName} has an outbox or consumers but the broker has no channels: set createBroker's 'channels' or BACKBEAT_CHANNELS_URL`,
				{ data: { setting: "channels" } }
			);
		}
		for (const consumer of consumers) await consumer.start(broker);
		if (outbox) {
			await outbox.database.migrate();
			if (outbox.relay !== false) {
				const relay = createServiceRelay(broker, outbox.database, outbox.relay ?? {}, this);
				relays.set(this, relay);
				await relay.start();
			}
		}
		await implementation.started?.call(this);
	};
	schema.stopped = async function (this: Service) {
		await relays.get(this)?.stop();
		for (const consumer of consumers) await consumer.stop();
		await implementation.stopped?.call(this);
	};
	return schema;
}

import { actionName, type Contract } from "../contract/define-contract.js";
import type { ActionNames, ParamsIn, ResultOut } from "../contract/infer.js";
import type { RetryOptions } from "../resilience/resilience-options.js";
import { resilientCall } from "../resilience/resilient-call.js";
import type { CallSource } from "./call-source.js";

export interface CallOptions {
	/** Deadline of this call in milliseconds. Default: the action's contract `timeout`, else the broker's `requestTimeout`. */
	readonly timeout?: number;
	/** Extra metadata merged into `ctx.meta` on the callee. */
	readonly meta?: Record<string, unknown>;
	/** Call this node instead of letting the balancer pick one. */
	readonly nodeID?: string;
	/**
	 * The callee runs the action once per key (for the broker's idempotency
	 * TTL) and answers repeats with the first outcome. A keyed call may be
	 * retried even when the action is not `idempotent`. 1 to 200 characters.
	 */
	readonly idempotencyKey?: string;
	/** Overrides the broker's retry policy for this call; `false` makes one attempt only. */
	readonly retry?: Partial<RetryOptions> | false;
}

export type Client<C extends Contract> = {
	readonly [K in ActionNames<C>]: (params: ParamsIn<C, K>, options?: CallOptions) => Promise<ResultOut<C, K>>;
};

interface ClientInstance {
	readonly source: CallSource;
}

type Method = (this: ClientInstance, params: unknown, options?: CallOptions) => Promise<unknown>;

// One prototype per contract: creating a client per request (`client(ctx, C)`) is then one small object.
const prototypes = new WeakMap<Contract, object>();

function buildPrototype(contract: Contract): object {
	const methods: Record<string, Method> = {};
	for (const [action, definition] of Object.entries(contract.actions)) {
		const target = { action: actionName(contract, action), service: contract.fullName, definition };
		methods[action] = function call(this: ClientInstance, params, options = {}) {
			return resilientCall(this.source, target, params, options);
		};
	}
	return Object.freeze(methods);
}

/**
 * A typed client for a contract. From a handler, pass `ctx` so the nested call
 * is part of the same request and spends the same deadline:
 * `client(ctx, PlaylistsContract).addTrack({...})`. Every failure is a BackbeatError.
 */
export function client<C extends Contract>(source: CallSource, contract: C): Client<C> {
	let prototype = prototypes.get(contract);
	if (!prototype) {
		prototype = buildPrototype(contract);
		prototypes.set(contract, prototype);
	}
	const instance: ClientInstance = Object.create(prototype, { source: { value: source } });
	return instance as unknown as Client<C>;
}

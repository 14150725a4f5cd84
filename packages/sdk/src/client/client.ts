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

// A symbol, so no action name (even `source`) can collide with where the client keeps its broker or ctx.
const SOURCE = Symbol("backbeat.client.source");

interface ClientInstance {
	readonly [SOURCE]: CallSource;
}

type ClientClass = new (source: CallSource) => ClientInstance;

// One class per contract: `client(ctx, C)` on every request is then one small allocation.
const classes = new WeakMap<Contract, ClientClass>();

function buildClass(contract: Contract): ClientClass {
	class ContractClient implements ClientInstance {
		readonly [SOURCE]: CallSource;
		constructor(source: CallSource) {
			this[SOURCE] = source;
		}
	}
	for (const [action, definition] of Object.entries(contract.actions)) {
		const target = { action: actionName(contract, action), service: contract.fullName, definition };
		Object.defineProperty(ContractClient.prototype, action, {
			value: function call(this: ClientInstance, params: unknown, options: CallOptions = {}) {
				return resilientCall(this[SOURCE], target, params, options);
			}
		});
	}
	return ContractClient;
}

/**
 * A typed client for a contract. From a handler, pass `ctx` so the nested call
 * is part of the same request and spends the same deadline:
 * `client(ctx, PlaylistsContract).addTrack({...})`. Every failure is a BackbeatError.
 */
export function client<C extends Contract>(source: CallSource, contract: C): Client<C> {
	let ContractClient = classes.get(contract);
	if (!ContractClient) {
		ContractClient = buildClass(contract);
		classes.set(contract, ContractClient);
	}
	return new ContractClient(source) as unknown as Client<C>;
}

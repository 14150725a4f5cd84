import { actionName, type Contract } from "../contract/define-contract.js";
import type { ActionNames, ParamsIn, ResultOut } from "../contract/infer.js";
import type { CallOptions } from "./call-options.js";
import { resilientCall } from "./resilient-call.js";
import type { CallSource } from "../context/call-source.js";

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

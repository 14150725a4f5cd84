import type { CallTarget } from "../client/resilient-call.js";
import { actionName, type Contract } from "../contract/define-contract.js";
import { type ActionAuth, type ResolvedHttpBinding, resolveHttpBinding, routeKey } from "../contract/http-binding.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { jsonSchemaOf } from "../schema/json-schema.js";
import { type QueryKind, queryKindsOf } from "./query-coercion.js";

/** One action the gateway serves, with everything a request needs computed once. */
export interface BoundAction {
	/** `contract.action`, as in error messages and operation ids. */
	readonly label: string;
	readonly target: CallTarget;
	readonly binding: ResolvedHttpBinding;
	readonly auth: ActionAuth;
	readonly queryKinds: ReadonlyMap<string, QueryKind>;
}

/** Every `http`-bound action of the contracts; two on one route (in different contracts) are CONTRACT_INVALID. */
export function boundActions(contracts: readonly Contract[]): BoundAction[] {
	const bound: BoundAction[] = [];
	const routes = new Map<string, string>();
	for (const contract of contracts) {
		for (const [member, definition] of Object.entries(contract.actions)) {
			if (definition.http === undefined) continue;
			const label = `${contract.name}.${member}`;
			const binding = resolveHttpBinding(definition.http, `${contract.name}.actions.${member}.http`);
			const key = routeKey(binding);
			const other = routes.get(key);
			if (other !== undefined) {
				throw new BackbeatError(
					"CONTRACT_INVALID",
					`Invalid contracts: ${label} and ${other} are both bound to ${binding.method} ${binding.path}`,
					{
						data: { field: `${contract.name}.actions.${member}.http` }
					}
				);
			}
			routes.set(key, label);
			bound.push({
				label,
				target: { action: actionName(contract, member), service: contract.fullName, definition },
				binding,
				auth: definition.auth ?? "user",
				queryKinds: queryKindsOf(jsonSchemaOf(definition.params, "input"))
			});
		}
	}
	return bound;
}

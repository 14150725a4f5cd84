import { BackbeatError } from "../errors/backbeat-error.js";
import { isSchema, type Schema } from "../schema/standard-schema.js";
import {
	type ActionAuth,
	type CheckPathParams,
	checkActionAuth,
	checkPathParamsDeclared,
	type HttpBinding,
	resolveHttpBinding,
	routeKey
} from "./http-binding.js";
import type { ActionNames, EventNames } from "./infer.js";

export interface ActionDefinition<P extends Schema = Schema, R extends Schema = Schema> {
	/** Schema of the call's params, validated on the callee. */
	readonly params: P;
	/** Schema of the result, validated on the callee when result validation is on. */
	readonly returns: R;
	/** Safe to repeat: the resilience layer may retry it. Default `false`. */
	readonly idempotent?: boolean;
	/** Deadline of one call in milliseconds. Default: the broker's `requestTimeout`. */
	readonly timeout?: number;
	/** Human description, used in docs and generated API descriptions. */
	readonly description?: string;
	/** Exposes the action through the gateway: `"GET /tracks/:id"` or `{ method, path, status }`. Unbound actions are not reachable over HTTP. */
	readonly http?: HttpBinding;
	/** Who may call it through the gateway. Default `"user"` (a valid bearer token). */
	readonly auth?: ActionAuth;
}

export interface EventDefinition<P extends Schema = Schema> {
	/** Schema of the payload, validated when emitted and when received. */
	readonly payload: P;
	readonly description?: string;
}

export type ActionDefinitions = Readonly<Record<string, ActionDefinition>>;
export type EventDefinitions = Readonly<Record<string, EventDefinition>>;

export interface Contract<
	N extends string = string,
	A extends ActionDefinitions = ActionDefinitions,
	E extends EventDefinitions = EventDefinitions
> {
	/** Service name, e.g. `playlists`. */
	readonly name: N;
	/** Positive integer; two versions of a contract run side by side as separate services. */
	readonly version: number;
	readonly actions: A;
	readonly events: E;
	/** Moleculer's full service name: `v<version>.<name>`. */
	readonly fullName: string;
}

export interface ContractInput<N extends string, A extends ActionDefinitions, E extends EventDefinitions> {
	readonly name: N;
	readonly version: number;
	readonly actions: A;
	readonly events?: E;
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MEMBER_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function invalid(field: string, message: string): BackbeatError {
	return new BackbeatError("CONTRACT_INVALID", `Invalid contract: ${field} ${message}`, { data: { field } });
}

const ACTION_KEYS = ["params", "returns", "idempotent", "timeout", "description", "http", "auth"];
const EVENT_KEYS = ["payload", "description"];

/** Keys of T that Allowed does not have must be `never`: a typo such as `idempotant` is a compile error. */
type NoExtraKeys<T, Allowed> = { readonly [K in Exclude<keyof T, keyof Allowed>]: never };
type ExactMembers<M, Definition> = { readonly [K in keyof M]: M[K] & NoExtraKeys<M[K], Definition> & CheckPathParams<M[K]> };

function checkMembers(contractName: string, kind: "actions" | "events", members: object, schemaKeys: readonly string[]): void {
	const allowed = kind === "actions" ? ACTION_KEYS : EVENT_KEYS;
	if (typeof members !== "object" || members === null) throw invalid(`${contractName}.${kind}`, "must be an object");
	for (const [member, definition] of Object.entries(members)) {
		const field = `${contractName}.${kind}.${member}`;
		if (!MEMBER_NAME.test(member)) throw invalid(field, "must be a name of letters and digits starting with a letter");
		if (typeof definition !== "object" || definition === null) throw invalid(field, "must be an object");
		const unknown = Object.keys(definition).find(key => !allowed.includes(key));
		if (unknown !== undefined) throw invalid(`${field}.${unknown}`, `is not a known option (expected ${allowed.join(", ")})`);
		for (const key of schemaKeys) {
			if (!isSchema((definition as Record<string, unknown>)[key])) {
				throw invalid(`${field}.${key}`, "must be a Standard Schema (for example a zod 4 schema)");
			}
		}
		const timeout = (definition as { timeout?: unknown }).timeout;
		if (timeout !== undefined && !(typeof timeout === "number" && Number.isInteger(timeout) && timeout > 0)) {
			throw invalid(`${field}.timeout`, "must be a positive integer of milliseconds");
		}
	}
}

/** HTTP bindings: each well-formed, its path params declared by its params, no two actions on one route. */
function checkHttpBindings(contractName: string, actions: ActionDefinitions): void {
	const routes = new Map<string, string>();
	for (const [member, definition] of Object.entries(actions)) {
		const field = `${contractName}.actions.${member}`;
		if (definition.auth !== undefined) checkActionAuth(definition.auth, `${field}.auth`);
		if (definition.http === undefined) {
			if (definition.auth !== undefined) throw invalid(`${field}.auth`, "applies to HTTP only: add an http binding or remove auth");
			continue;
		}
		const binding = resolveHttpBinding(definition.http, `${field}.http`);
		checkPathParamsDeclared(binding, definition.params, `${field}.http`);
		const key = routeKey(binding);
		const other = routes.get(key);
		if (other !== undefined)
			throw invalid(`${field}.http`, `'${binding.method} ${binding.path}' is already bound to ${contractName}.actions.${other}`);
		routes.set(key, member);
	}
}

/**
 * Declares a service's API as plain data. Types of params, results and
 * payloads are inferred from the schemas, so the contract is the single
 * source: no interfaces written twice, no code generation.
 */
export function defineContract<
	const N extends string,
	const A extends ActionDefinitions,
	// biome-ignore lint/complexity/noBannedTypes: `{}` is "no events" and keeps E's inference exact
	const E extends EventDefinitions = {}
>(input: ContractInput<N, A & ExactMembers<A, ActionDefinition>, E & ExactMembers<E, EventDefinition>>): Contract<N, A, E> {
	if (typeof input.name !== "string" || !SERVICE_NAME.test(input.name)) {
		throw invalid("name", `'${String(input.name)}' must be kebab-case (letters, digits and single dashes)`);
	}
	if (!Number.isInteger(input.version) || input.version < 1) {
		throw invalid(`${input.name}.version`, "must be a positive integer");
	}
	checkMembers(input.name, "actions", input.actions, ["params", "returns"]);
	checkHttpBindings(input.name, input.actions);
	const events = input.events ?? {};
	checkMembers(input.name, "events", events, ["payload"]);
	return Object.freeze({
		name: input.name,
		version: input.version,
		actions: input.actions as A,
		events: events as E,
		fullName: `v${input.version}.${input.name}`
	});
}

/** The Moleculer action name a contract action is served under. */
export function actionName<C extends Contract>(contract: C, action: ActionNames<C>): string {
	return `${contract.fullName}.${action}`;
}

/** The Moleculer event name a contract event travels under (versioned, so two versions don't collide). */
export function eventName<C extends Contract>(contract: C, event: EventNames<C>): string {
	return `${contract.fullName}.${event}`;
}

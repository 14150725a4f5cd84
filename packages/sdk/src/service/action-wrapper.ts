import { createHash, createHmac } from "node:crypto";
import type { Context, Service } from "moleculer";
import { actionName, type Contract } from "../contract/define-contract.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { toBackbeatError } from "../errors/normalize.js";
import { validationFailed } from "../errors/validation-failed.js";
import { idempotencyKeyOf } from "../idempotency/key-of.js";
import { incomingBudget, setDeadline } from "../resilience/deadline.js";
import { validate, type Schema, type ValidationResult } from "../schema/standard-schema.js";
import { validateOrThrow } from "../schema/validate-or-throw.js";
import type { ActionHandler } from "./define-service.js";
import type { HandlerContext } from "../context/handler-context.js";
import { runtimeSettings, type RuntimeSettings } from "../broker/runtime-settings.js";

/**
 * The Moleculer handler for one contract action: validates params, honours an
 * idempotency key, runs the user's handler, normalizes what it throws and (when
 * enabled) validates the result. Written without `await` on the common path,
 * since it runs on every call.
 */
export function wrapAction(contract: Contract, action: string, handler: ActionHandler<unknown, unknown>) {
	const definition = contract.actions[action];
	if (!definition) throw new Error(`unreachable: ${action} is not in ${contract.fullName}`);
	const target = actionName(contract, action);
	const { params, returns } = definition;
	return function backbeatAction(this: Service, ctx: Context): Promise<unknown> {
		try {
			return start(this, ctx);
		} catch (err) {
			// Moleculer expects a promise from a handler; nothing here may throw synchronously.
			return Promise.reject(toBackbeatError(err));
		}
	};

	function start(service: Service, ctx: Context): Promise<unknown> {
		const settings = runtimeSettings(service.broker);
		const budget = incomingBudget(ctx);
		// Under the system clock deadlineOf() reads Moleculer's own fields; an injected clock needs it stored.
		if (budget?.fromHeader) setDeadline(ctx, settings.resilience.clock.now() + budget.ms);
		const checked = validate(params, ctx.params);
		if (checked instanceof Promise) {
			return checked.then(result => afterValidation(service, ctx, result, settings, budget?.ms));
		}
		return afterValidation(service, ctx, checked, settings, budget?.ms);
	}

	function afterValidation(
		service: Service,
		ctx: Context,
		checked: ValidationResult<unknown>,
		settings: RuntimeSettings,
		budgetMs: number | undefined
	): Promise<unknown> {
		if (!checked.ok) return Promise.reject(validationFailed(target, "params", checked.issues));
		ctx.params = checked.value;
		const run = () => runHandler(service, ctx, handler, settings.validateResults ? returns : undefined, target);
		const key = idempotencyKeyOf(ctx);
		if (key === undefined) return run();
		// Keys are the caller's (as Stripe's are an account's): another user's key must neither replay their outcome nor conflict.
		const userId = (ctx.meta as { user?: { id?: unknown } } | undefined)?.user?.id;
		return settings.idempotency.execute(
			{
				scope: typeof userId === "string" ? `${target}@${userId}:${key}` : `${target}:${key}`,
				fingerprint: fingerprint(ctx.params, settings.fingerprintKey),
				ttlMs: settings.resilience.idempotencyTtlMs,
				waitMs: budgetMs ?? settings.resilience.requestTimeout
			},
			run
		);
	}
}

async function runHandler(
	service: Service,
	ctx: Context,
	handler: ActionHandler<unknown, unknown>,
	returns: Schema | undefined,
	target: string
): Promise<unknown> {
	let result: unknown;
	try {
		result = await handler.call(service, ctx as HandlerContext<unknown>);
	} catch (err) {
		// Normalized here, at the callee's boundary, so every transporter carries a BackbeatError.
		throw toBackbeatError(err);
	}
	return returns ? validateOrThrow(returns, result, target, "returns") : result;
}

/** The params' JSON as an HMAC under the broker's key (a plain SHA-256 without one): equal params, equal fingerprints, and nothing else to learn. */
function fingerprint(params: unknown, key: string): string {
	let json: string | undefined;
	try {
		json = JSON.stringify(params);
	} catch (err) {
		throw new BackbeatError(
			"NOT_SERIALIZABLE",
			`Params of a call with an idempotency key must be JSON: ${err instanceof Error ? err.message : String(err)}`,
			{ cause: err }
		);
	}
	const digest = key === "" ? createHash("sha256") : createHmac("sha256", key);
	return digest.update(json ?? "").digest("base64url");
}

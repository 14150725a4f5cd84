import type { ServiceBroker } from "moleculer";
import type { ActionDefinition } from "../contract/define-contract.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { toBackbeatError } from "../errors/normalize.js";
import { IDEMPOTENCY_HEADER } from "../idempotency/idempotency-store.js";
import { runtimeSettings } from "../broker/runtime-settings.js";
import { isContext, type CallSource } from "../context/call-source.js";
import { fullJitterDelay } from "../resilience/backoff.js";
import { systemClock, type Clock } from "../time/clock.js";
import { BUDGET_HEADER, deadlineExceeded, deadlineOf } from "../resilience/deadline.js";
import type { CallOptions } from "./call-options.js";

export interface CallTarget {
	/** Moleculer action name, `v1.playlists.addTrack`. */
	readonly action: string;
	/** The target service's full name; retry budgets are kept per target service. */
	readonly service: string;
	readonly definition: ActionDefinition;
}

function checkKey(key: string | undefined, action: string): void {
	if (key === undefined) return;
	if (typeof key !== "string" || key.length === 0 || key.length > 200) {
		throw new BackbeatError("BAD_REQUEST", `The idempotency key of a call to '${action}' must be a string of 1 to 200 characters`, {
			data: { field: "idempotencyKey" }
		});
	}
}

/**
 * One call with Backbeat's resilience: a deadline that covers every attempt
 * and shrinks through nested calls; retries only for retryable errors of
 * idempotent actions (or keyed calls), with full-jitter backoff, inside the
 * retry budget and never past the deadline.
 */
export async function resilientCall(source: CallSource, target: CallTarget, params: unknown, options: CallOptions): Promise<unknown> {
	const broker: ServiceBroker = isContext(source) ? source.broker : source;
	const { resilience } = runtimeSettings(broker);
	const { clock, metrics } = resilience;
	checkKey(options.idempotencyKey, target.action);

	const budgetMs = options.timeout ?? target.definition.timeout ?? resilience.requestTimeout;
	const parentDeadline = isContext(source) ? deadlineOf(source) : undefined;
	const deadline = Math.min(clock.now() + budgetMs, parentDeadline ?? Number.POSITIVE_INFINITY);
	const retry =
		options.retry === undefined ? resilience.retry : options.retry === false ? ONE_ATTEMPT : { ...resilience.retry, ...options.retry };
	const mayRetry = target.definition.idempotent === true || options.idempotencyKey !== undefined;
	const budget = resilience.budgetFor(target.service);
	budget.recordRequest();

	for (let attempt = 1; ; attempt++) {
		const remaining = deadline - clock.now();
		if (remaining <= 0) {
			metrics.deadlineExceeded(target.action);
			throw deadlineExceeded(target.action, budgetMs);
		}
		try {
			return await attemptCall(source, target.action, params, remaining, options, clock);
		} catch (thrown) {
			const error = thrown === EXPIRED ? deadlineExceeded(target.action, budgetMs) : toBackbeatError(thrown);
			if (error.code === "DEADLINE_EXCEEDED" && clock.now() >= deadline) {
				metrics.deadlineExceeded(target.action);
				throw thrown === EXPIRED ? error : deadlineExceeded(target.action, budgetMs);
			}
			if (!mayRetry || attempt >= retry.maxAttempts) throw error;
			// An open circuit failed locally without touching the dependency: try again at once,
			// outside the budget, so the balancer can pick another endpoint.
			if (error.code === "CIRCUIT_OPEN") continue;
			if (!error.retryable) throw error;
			const delay = fullJitterDelay(attempt - 1, retry, resilience.random);
			// Retries never extend the deadline: a retry that could not start in time is not made.
			if (clock.now() + delay >= deadline) throw error;
			if (!budget.tryRetry()) {
				metrics.budgetExhausted(target.service);
				throw error;
			}
			metrics.retry(target.action);
			await clock.sleep(delay);
		}
	}
}

const ONE_ATTEMPT = { maxAttempts: 1, baseMs: 0, capMs: 0 } as const;

/** What the deadline timer rejects an attempt with. */
const EXPIRED = Symbol("deadline expired");

function attemptCall(
	source: CallSource,
	action: string,
	params: unknown,
	remaining: number,
	options: CallOptions,
	clock: Clock
): Promise<unknown> {
	const realTime = clock === systemClock;
	let headers: Record<string, unknown> | undefined;
	if (options.idempotencyKey !== undefined) headers = { [IDEMPOTENCY_HEADER]: options.idempotencyKey };
	// Under the system clock Moleculer's request timeout is the deadline timer and carries the budget
	// to the callee; an injected clock keeps its own timer and sends the budget in a header.
	if (!realTime) headers = { ...headers, [BUDGET_HEADER]: Math.ceil(remaining) };
	// Built field by field: this runs on every call, and spreads allocate.
	const callOptions: { timeout: number; headers?: Record<string, unknown>; meta?: Record<string, unknown>; nodeID?: string } = {
		timeout: realTime ? Math.max(1, Math.ceil(remaining)) : 0
	};
	if (headers !== undefined) callOptions.headers = headers;
	if (options.meta !== undefined) callOptions.meta = options.meta;
	if (options.nodeID !== undefined) callOptions.nodeID = options.nodeID;
	const call = source.call(action, params, callOptions);
	if (realTime) return call;
	return new Promise((resolve, reject) => {
		const cancel = clock.setTimer(remaining, () => reject(EXPIRED));
		call.then(
			result => {
				cancel();
				resolve(result);
			},
			(err: unknown) => {
				cancel();
				reject(err);
			}
		);
	});
}

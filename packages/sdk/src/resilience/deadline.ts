import type { Context } from "moleculer";
import { BackbeatError } from "../errors/backbeat-error.js";
import { hrtimeMs } from "../time/clock.js";

/**
 * Carries the remaining budget (ms) to the callee when the caller runs on an
 * injected clock; under the system clock Moleculer's own request timeout carries it.
 */
export const BUDGET_HEADER = "x-backbeat-budget-ms";

// Absolute deadlines (on the broker's clock) of the contexts handlers run in.
const deadlines = new WeakMap<Context, number>();

export function setDeadline(ctx: Context, deadline: number): void {
	deadlines.set(ctx, deadline);
}

/**
 * The deadline a handler's context runs under. Under the system clock it is
 * read from Moleculer's own fields (start time and timeout, which carry the
 * caller's remaining budget), so the hot path stores nothing per call.
 */
export function deadlineOf(ctx: Context): number | undefined {
	const stored = deadlines.get(ctx);
	if (stored !== undefined) return stored;
	const started = (ctx as Context & { startHrTime?: [number, number] | null }).startHrTime;
	const timeout = ctx.options?.timeout;
	return started && typeof timeout === "number" && timeout > 0 ? hrtimeMs(started) + timeout : undefined;
}

/** The budget a request arrived with: our header (injected clocks), else Moleculer's own timeout. */
export function incomingBudget(ctx: Context): { readonly ms: number; readonly fromHeader: boolean } | undefined {
	const header = (ctx.headers as Record<string, unknown> | undefined)?.[BUDGET_HEADER];
	if (typeof header === "number" && header > 0) return { ms: header, fromHeader: true };
	const timeout = ctx.options?.timeout;
	return typeof timeout === "number" && timeout > 0 ? { ms: timeout, fromHeader: false } : undefined;
}

export function deadlineExceeded(action: string, budgetMs: number): BackbeatError {
	return new BackbeatError("DEADLINE_EXCEEDED", `Deadline of ${Math.round(budgetMs)} ms for '${action}' passed`, {
		data: { action, budgetMs: Math.round(budgetMs) }
	});
}

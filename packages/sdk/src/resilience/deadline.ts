import type { Context } from "moleculer";
import { BackbeatError } from "../errors/backbeat-error.js";

/** Carries the remaining budget (ms) to the callee, on every transporter, whatever clock the caller uses. */
export const BUDGET_HEADER = "x-backbeat-budget-ms";

// Absolute deadlines (on the broker's clock) of the contexts handlers run in.
const deadlines = new WeakMap<Context, number>();

export function setDeadline(ctx: Context, deadline: number): void {
	deadlines.set(ctx, deadline);
}

export function deadlineOf(ctx: Context): number | undefined {
	return deadlines.get(ctx);
}

/** The budget a request arrived with: our header, else Moleculer's own timeout. */
export function incomingBudget(ctx: Context): number | undefined {
	const header = (ctx.headers as Record<string, unknown> | undefined)?.[BUDGET_HEADER];
	if (typeof header === "number" && header > 0) return header;
	const timeout = ctx.options?.timeout;
	return typeof timeout === "number" && timeout > 0 ? timeout : undefined;
}

export function deadlineExceeded(action: string, budgetMs: number): BackbeatError {
	return new BackbeatError("DEADLINE_EXCEEDED", `Deadline of ${Math.round(budgetMs)} ms for '${action}' passed`, {
		data: { action, budgetMs: Math.round(budgetMs) }
	});
}

/** Anything that runs cleanup after a test: tap's `t.teardown` or node:test's `t.after`. */
export type TeardownHost = { teardown(fn: () => unknown): void } | { after(fn: () => unknown): void };

export function registerTeardown(t: TeardownHost, fn: () => Promise<void>): void {
	if ("teardown" in t) t.teardown(fn);
	else t.after(fn);
}

import t from "tap";
import { Errors } from "moleculer";
import { BackbeatError, ERROR_CODES, toBackbeatError } from "../../src/index.js";

t.test("every code has an HTTP status and a retry flag; only transient ones retry", async t => {
	for (const [code, entry] of Object.entries(ERROR_CODES)) {
		t.ok(entry.httpStatus >= 400 && entry.httpStatus < 600, code);
		if (entry.retryable) t.ok(["TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE", "DEADLINE_EXCEEDED"].includes(code), `${code} retryable`);
	}
});

t.test("BackbeatError carries code, type, status, data and cause", async t => {
	const cause = new Error("low level");
	const err = new BackbeatError("NOT_FOUND", "no such track", { data: { id: 1 }, cause });
	t.equal(err.name, "BackbeatError");
	t.equal(err.type, "NOT_FOUND");
	t.equal(err.httpStatus, 404);
	t.equal(err.retryable, false);
	t.equal(err.cause, cause);
	t.same(err.toJSON(), {
		name: "BackbeatError",
		code: "NOT_FOUND",
		message: "no such track",
		httpStatus: 404,
		retryable: false,
		data: { id: 1 }
	});
	t.equal(new BackbeatError("INTERNAL_SERVER_ERROR", "x", { retryable: true }).retryable, true, "retryable can be overridden");
});

t.test("unknown throwables are normalized", async t => {
	const same = new BackbeatError("CONFLICT", "c");
	t.equal(toBackbeatError(same), same, "a BackbeatError passes through");

	const plain = toBackbeatError(new TypeError("boom"));
	t.equal(plain.code, "INTERNAL_SERVER_ERROR");
	t.equal(plain.message, "boom");
	t.type(plain.cause, TypeError);

	t.equal(toBackbeatError("text").message, "text");
	t.match(toBackbeatError({ weird: true }).message, /\{"weird":true\}/);
	t.equal(toBackbeatError(undefined).code, "INTERNAL_SERVER_ERROR");
	const cyclic: Record<string, unknown> = {};
	cyclic["self"] = cyclic;
	t.match(toBackbeatError(cyclic).message, /\[object Object\]/, "an unprintable value does not crash the normalizer");
});

t.test("Moleculer's errors map to the code that tells the caller what happened", async t => {
	t.equal(toBackbeatError(new Errors.RequestTimeoutError({ action: "a", nodeID: "n" })).code, "DEADLINE_EXCEEDED");
	t.equal(toBackbeatError(new Errors.ServiceNotFoundError({ action: "a" })).code, "SERVICE_UNAVAILABLE");
	t.equal(toBackbeatError(new Errors.ServiceNotAvailableError({ action: "a" })).code, "SERVICE_UNAVAILABLE");
	t.equal(toBackbeatError(new Errors.QueueIsFullError({ action: "a", nodeID: "n", size: 1, limit: 1 })).code, "TOO_MANY_REQUESTS");
	t.equal(toBackbeatError(new Errors.MoleculerClientError("nope", 403)).code, "FORBIDDEN");
	t.equal(toBackbeatError(new Errors.MoleculerError("teapot", 418)).code, "INTERNAL_SERVER_ERROR");
	const retryable = toBackbeatError(new Errors.MoleculerRetryableError("flaky", 500));
	t.equal(retryable.retryable, true, "a retryable flag from a foreign error is kept");
});

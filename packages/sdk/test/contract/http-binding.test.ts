import type { StandardSchemaV1 } from "@standard-schema/spec";
import t from "tap";
import { z } from "zod";
import { defineContract } from "../../src/index.js";
import { resolveHttpBinding, routeKey } from "../../src/contract/http-binding.js";
import { thrownBy } from "../support/failures.js";

const byId = { params: z.object({ id: z.string() }), returns: z.object({}) };

t.test("a binding reads the same in either shape", async t => {
	const defaults = { headers: {}, rawBody: undefined, idempotencyKey: "optional" };
	t.same(resolveHttpBinding("GET /tracks/:id", "f"), {
		method: "GET",
		path: "/tracks/:id",
		status: undefined,
		pathParams: ["id"],
		...defaults
	});
	t.same(resolveHttpBinding({ method: "POST", path: "/a/:x/b/:y", status: 201 }, "f"), {
		method: "POST",
		path: "/a/:x/b/:y",
		status: 201,
		pathParams: ["x", "y"],
		...defaults
	});
	t.same(
		resolveHttpBinding({ method: "POST", path: "/hooks", headers: { sig: "X-Sig" }, rawBody: "body", idempotencyKey: "required" }, "f"),
		{
			method: "POST",
			path: "/hooks",
			status: undefined,
			pathParams: [],
			headers: { sig: "x-sig" },
			rawBody: "body",
			idempotencyKey: "required"
		},
		"header names are kept lower-cased"
	);
	t.equal(routeKey(resolveHttpBinding("GET /tracks/:id", "f")), routeKey(resolveHttpBinding("GET /tracks/:trackId", "f")));
	t.not(routeKey(resolveHttpBinding("GET /tracks/:id", "f")), routeKey(resolveHttpBinding("PUT /tracks/:id", "f")));
});

t.test("a bound contract keeps its bindings and auth as data", async t => {
	const C = defineContract({
		name: "tracks",
		version: 1,
		actions: {
			get: { ...byId, http: "GET /tracks/:id", auth: "public" },
			put: { ...byId, http: { method: "PUT", path: "/tracks/:id", status: 201 }, auth: { roles: ["admin"] } },
			internal: byId
		}
	});
	t.equal(C.actions.get.http, "GET /tracks/:id");
	t.same(C.actions.put.auth, { roles: ["admin"] });
});

t.test("misspelt or conflicting bindings are CONTRACT_INVALID at definition time, naming the field", async t => {
	const define = (actions: Record<string, unknown>) => () => defineContract({ name: "c", version: 1, actions: actions as never });
	const cases: Array<[() => unknown, string, RegExp]> = [
		[define({ a: { ...byId, http: "GTE /tracks/:id" } }), "c.actions.a.http", /method 'GTE'/],
		[define({ a: { ...byId, http: "GET tracks/:id" } }), "c.actions.a.http", /must start with \//],
		[define({ a: { ...byId, http: "GET  /tracks" } }), "c.actions.a.http", /method and a path/],
		[define({ a: { ...byId, http: "GET /tracks/:id/:id" } }), "c.actions.a.http", /appears twice/],
		[define({ a: { ...byId, http: "GET /tracks/a%b" } }), "c.actions.a.http", /path segment/],
		[define({ a: { ...byId, http: "GET /tracks/:trackId" } }), "c.actions.a.http", /':trackId' is not a field of params/],
		[define({ a: { ...byId, http: { method: "GET", path: "/x", status: 404 } } }), "c.actions.a.http.status", /200 to 299/],
		[define({ a: { ...byId, http: { method: "GET", path: "/x", code: 200 } } }), "c.actions.a.http.code", /not a known option/],
		[define({ a: { ...byId, http: 42 } }), "c.actions.a.http", /METHOD \/path/],
		[define({ a: { ...byId, http: "GET /x", auth: "admin" } }), "c.actions.a.auth", /"public", "user"/],
		[define({ a: { ...byId, http: "GET /x", auth: { roles: [] } } }), "c.actions.a.auth", /roles/],
		[define({ a: { ...byId, auth: "public" } }), "c.actions.a.auth", /applies to HTTP only/],
		[
			define({ a: { ...byId, http: "GET /tracks/:id" }, b: { ...byId, http: "GET /tracks/:id" } }),
			"c.actions.b.http",
			/already bound to c\.actions\.a/
		]
	];
	for (const [make, field, message] of cases) {
		const err = thrownBy(make);
		t.equal(err.code, "CONTRACT_INVALID", field);
		t.same(err.data, { field }, err.message);
		t.match(err.message, message);
	}
});

t.test("a schema without a JSON Schema description is checked by its first request, not at definition", async t => {
	const opaque: StandardSchemaV1<{ id: string }> = {
		"~standard": { version: 1, vendor: "test", validate: value => ({ value: value as { id: string } }) }
	};
	const C = defineContract({ name: "c", version: 1, actions: { a: { params: opaque, returns: z.object({}), http: "GET /x/:id" } } });
	t.equal(C.actions.a.http, "GET /x/:id");
});

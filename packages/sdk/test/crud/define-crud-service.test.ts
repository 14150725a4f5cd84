// defineCrudService refuses a definition it can't serve, naming the option, before any service starts.
import t from "tap";
import { z } from "zod";
import { defineCrudService } from "../../src/crud/index.js";
import type { BackbeatError } from "../../src/index.js";

const entity = z.object({ id: z.string(), title: z.string(), plays: z.int(), tags: z.array(z.string()) });
const base = { name: "tracks", version: 1, table: "tracks", entity } as const;

function thrownBy(define: () => unknown): BackbeatError {
	try {
		define();
	} catch (error) {
		return error as BackbeatError;
	}
	throw new Error("expected a throw");
}

t.test("each bad option is CONFIG_INVALID naming it", async t => {
	const cases: Array<[string, () => unknown, string, RegExp]> = [
		[
			"a z.date() field",
			() => defineCrudService({ ...base, entity: z.object({ id: z.string(), at: z.date() }) }),
			"entity",
			/JSON Schema/
		],
		[
			"a field that is no SQL identifier",
			() => defineCrudService({ ...base, entity: z.object({ id: z.string(), "a-b": z.string() }) }),
			"entity.a-b",
			/identifier/
		],
		["no id field", () => defineCrudService({ ...base, entity: z.object({ key: z.string() }) }), "idField", /not a field/],
		[
			"a JSON id",
			() => defineCrudService({ ...base, entity: z.object({ id: z.array(z.string()) }) }),
			"idField",
			/string or an integer/
		],
		["an optional id", () => defineCrudService({ ...base, entity: z.object({ id: z.string().optional() }) }), "idField", /required/],
		["a real-number id", () => defineCrudService({ ...base, entity: z.object({ id: z.number() }) }), "idField", /string or an integer/],
		["sorting JSON", () => defineCrudService({ ...base, sortable: ["tags"] }), "sortable", /JSON can't be sorted/],
		["searching numbers", () => defineCrudService({ ...base, searchable: ["plays"] }), "searchable", /search needs strings/],
		["a zero page size", () => defineCrudService({ ...base, pageSize: 0 }), "pageSize", /positive integer/],
		["a page size over the maximum", () => defineCrudService({ ...base, pageSize: 50, maxPageSize: 10 }), "pageSize", /maxPageSize/],
		["a table name with SQL in it", () => defineCrudService({ ...base, table: "tracks; drop table x" }), "table", /identifier/]
	];
	for (const [label, define, setting, message] of cases) {
		const error = thrownBy(define);
		t.equal(error.code, "CONFIG_INVALID", label);
		t.equal((error.data as { setting?: string }).setting, setting, `${label}: data.setting`);
		t.match(error.message, message, label);
	}
});

t.test("an extra action or event with a standard name, or a bad contract name, is CONTRACT_INVALID", async t => {
	const extra = { params: z.object({}), returns: z.object({}) };
	t.match(
		thrownBy(() => defineCrudService({ ...base, actions: { list: extra } })),
		{ code: "CONTRACT_INVALID", data: { field: "list" } }
	);
	t.match(
		thrownBy(() => defineCrudService({ ...base, events: { created: { payload: z.object({}) } } })),
		{
			code: "CONTRACT_INVALID",
			data: { field: "created" }
		}
	);
	t.match(
		thrownBy(() => defineCrudService({ ...base, name: "Tracks" })),
		{ code: "CONTRACT_INVALID", data: { field: "name" } }
	);
});

t.test("HTTP bindings: the five routes, their auth, and a subset", async t => {
	const all = defineCrudService({ ...base, http: { path: "/tracks", read: "public", write: { roles: ["editor"] } } }).contract.actions;
	t.same(
		Object.entries(all)
			.filter(([, action]) => action.http !== undefined)
			.map(([name, action]) => [name, action.http, action.auth]),
		[
			["list", { method: "GET", path: "/tracks" }, "public"],
			["get", { method: "GET", path: "/tracks/:id" }, "public"],
			["create", { method: "POST", path: "/tracks", status: 201 }, { roles: ["editor"] }],
			["update", { method: "PATCH", path: "/tracks/:id" }, { roles: ["editor"] }],
			["remove", { method: "DELETE", path: "/tracks/:id" }, { roles: ["editor"] }]
		]
	);
	const some = defineCrudService({ ...base, http: { path: "/tracks", routes: ["get"] } }).contract.actions;
	t.same(
		Object.keys(some).filter(name => some[name as keyof typeof some].http !== undefined),
		["get"]
	);
	t.equal(some.get.auth, undefined, "no auth given: the gateway's default (a signed-in user)");
});

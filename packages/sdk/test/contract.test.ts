import t from "tap";
import { thrownBy } from "./support/failures.js";
import { z } from "zod";
import { actionName, defineContract, defineService, eventName, on } from "../src/index.js";

const ok = { params: z.object({}), returns: z.object({}) };


t.test("a contract is plain frozen data with versioned names", async t => {
	const C = defineContract({ name: "play-lists", version: 3, actions: { add: ok }, events: { added: { payload: z.object({}) } } });
	t.equal(C.fullName, "v3.play-lists");
	t.equal(actionName(C, "add"), "v3.play-lists.add");
	t.equal(eventName(C, "added"), "v3.play-lists.added");
	t.ok(Object.isFrozen(C));
	t.same(defineContract({ name: "x", version: 1, actions: {} }).events, {}, "events are optional");
});

t.test("a malformed contract is CONTRACT_INVALID naming the field", async t => {
	const cases: Array<[() => unknown, string]> = [
		[() => defineContract({ name: "Bad Name", version: 1, actions: {} }), "name"],
		[() => defineContract({ name: "ok", version: 0, actions: {} }), "ok.version"],
		[() => defineContract({ name: "ok", version: 1.5, actions: {} }), "ok.version"],
		[() => defineContract({ name: "ok", version: 1, actions: { "add-track": ok } }), "ok.actions.add-track"],
		[() => defineContract({ name: "ok", version: 1, actions: { add: { params: {} as never, returns: z.object({}) } } }), "ok.actions.add.params"],
		[() => defineContract({ name: "ok", version: 1, actions: { add: { ...ok, timeout: -1 } } }), "ok.actions.add.timeout"],
		[() => defineContract({ name: "ok", version: 1, actions: {}, events: { e: { payload: "nope" as never } } }), "ok.events.e.payload"]
	];
	for (const [make, field] of cases) {
		const err = thrownBy(make);
		t.equal(err.code, "CONTRACT_INVALID", field);
		t.same(err.data, { field }, err.message);
	}
});

t.test("defineService refuses an implementation missing a handler at run time too", async t => {
	const C = defineContract({ name: "svc", version: 1, actions: { a: ok, b: ok } });
	const err = thrownBy(() => defineService(C, { actions: { a: () => ({}) } } as never));
	t.equal(err.code, "CONTRACT_INVALID");
	t.match(err.message, /'b'/);
});

t.test("defineService refuses two subscriptions to one event", async t => {
	const C = defineContract({ name: "svc", version: 1, actions: {}, events: { e: { payload: z.object({}) } } });
	const handlers = { e: () => undefined };
	const err = thrownBy(() => defineService(C, { actions: {}, subscriptions: [on(C, handlers), on(C, handlers)] }));
	t.match(err.message, /twice/);
});

t.test("the service schema carries name, version, timeouts and subscription groups", async t => {
	const C = defineContract({ name: "svc", version: 2, actions: { slow: { ...ok, timeout: 2500 } }, events: { e: { payload: z.object({}) } } });
	const schema = defineService(C, { actions: { slow: () => ({}) }, subscriptions: [on(C, { e: () => undefined }, { group: "audit" })] });
	t.equal(schema.name, "svc");
	t.equal(schema.version, 2);
	t.match(schema.actions, { slow: { timeout: 2500 } });
	t.match(schema.events, { "v2.svc.e": { group: "audit" } });
});

import t from "tap";
import { thrownBy } from "../support/failures.js";
import { z } from "zod";
import { actionName, client, defineContract, defineService, emitter, eventName, on } from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";

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
		[
			() => defineContract({ name: "ok", version: 1, actions: { add: { params: {} as never, returns: z.object({}) } } }),
			"ok.actions.add.params"
		],
		[() => defineContract({ name: "ok", version: 1, actions: { add: { ...ok, timeout: -1 } } }), "ok.actions.add.timeout"],
		[() => defineContract({ name: "ok", version: 1, actions: {}, events: { e: { payload: "nope" as never } } }), "ok.events.e.payload"],
		[
			() => defineContract({ name: "ok", version: 1, actions: { add: { ...ok, idempotant: true } as never } }),
			"ok.actions.add.idempotant"
		],
		[
			() =>
				defineContract({ name: "ok", version: 1, actions: {}, events: { e: { payload: z.object({}), descripton: "x" } as never } }),
			"ok.events.e.descripton"
		]
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
	const C = defineContract({
		name: "svc",
		version: 2,
		actions: { slow: { ...ok, timeout: 2500 } },
		events: { e: { payload: z.object({}) } }
	});
	const schema = defineService(C, { actions: { slow: () => ({}) }, subscriptions: [on(C, { e: () => undefined }, { group: "audit" })] });
	t.equal(schema.name, "svc");
	t.equal(schema.version, 2);
	t.match(schema.actions, { slow: { timeout: 2500 } });
	t.match(schema.events, { "v2.svc.e": { group: "audit" } });
});

t.test("two versions of one subscribing service each get every event", async t => {
	const Source = defineContract({
		name: "source-svc",
		version: 1,
		actions: {},
		events: { ping: { payload: z.object({ n: z.number() }) } }
	});
	const seen: Record<string, number[]> = { v1: [], v2: [] };
	const subscriber = (version: 1 | 2) =>
		defineService(defineContract({ name: "audit", version, actions: {} }), {
			actions: {},
			subscriptions: [on(Source, { ping: ctx => void seen[`v${version}`]!.push(ctx.params.n) })]
		});
	const broker = await startTestBroker(t, { services: [subscriber(1), subscriber(2)] });
	for (let n = 0; n < 10; n++) await emitter(broker, Source).ping({ n });
	t.same(seen["v1"], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	t.same(seen["v2"], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

t.test("an event whose payload schema transforms is delivered, and the handler gets the parsed value", async t => {
	const Shout = defineContract({
		name: "shout",
		version: 1,
		actions: {},
		events: { said: { payload: z.object({ text: z.string().transform(s => s.toUpperCase()) }) } }
	});
	const heard: string[] = [];
	const listener = defineService(defineContract({ name: "ear", version: 1, actions: {} }), {
		actions: {},
		subscriptions: [on(Shout, { said: ctx => void heard.push(ctx.params.text) })]
	});
	const broker = await startTestBroker(t, { services: [listener] });
	await emitter(broker, Shout).said({ text: "hi" });
	t.same(heard, ["HI"]);
});

t.test("an action may be called `source` (the client keeps its broker under a symbol)", async t => {
	const Odd = defineContract({ name: "odd", version: 1, actions: { source: { params: z.object({}), returns: z.literal("ok") } } });
	const broker = await startTestBroker(t, { services: [defineService(Odd, { actions: { source: () => "ok" as const } })] });
	t.equal(await client(broker, Odd).source({}), "ok");
});

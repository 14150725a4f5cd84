// The code `backbeat add action|event` (and `new service --action|--event`)
// puts into a service: a contract entry with placeholder schemas, a handler
// stub that throws NOT_IMPLEMENTED, and a test that fails until the handler
// is written. Snippets are written at indentation zero; markers.ts indents them.
import { serviceNames } from "./names.js";

export type MemberKind = "action" | "event";
export type TestRunner = "node:test" | "tap";

export function contractEntry(kind: MemberKind, member: string): string {
	if (kind === "action") {
		return `${member}: {
	// Placeholders: describe the real params and result; the handler and every caller follow these types.
	params: z.object({ id: z.string().min(1) }),
	returns: z.object({ id: z.string() })
},`;
	}
	return `${member}: {
	// Placeholder: describe the real payload; emitters and handlers follow its type.
	payload: z.object({ id: z.string() })
},`;
}

export function handlerStub(kind: MemberKind, service: string, member: string): string {
	const what = kind === "action" ? `${service}.${member}` : `the ${service}.${member} handler`;
	// A handler that only throws has the return type never, which satisfies whatever the contract says it returns.
	return `${member}: () => {
	throw new BackbeatError("NOT_IMPLEMENTED", "${what} is not implemented yet");
},`;
}

/** A test that fails (NOT_IMPLEMENTED) until the handler is written, and the imports it needs from @backbeat/sdk. */
export function testStub(
	kind: MemberKind,
	runner: TestRunner,
	service: string,
	member: string,
	makeService: string
): { code: string; imports: string[] } {
	const n = serviceNames(service);
	const open = runner === "tap" ? "t.test(" : "test(";
	const start = `\tconst broker = await startTestBroker(t, { services: [${makeService}] });`;
	if (kind === "action") {
		const check =
			runner === "tap"
				? `\tt.same(await client(broker, ${n.contract}).${member}({ id: "example" }), { id: "example" });`
				: `\tassert.deepEqual(await client(broker, ${n.contract}).${member}({ id: "example" }), { id: "example" });`;
		return {
			imports: ["client"],
			code: `
${open}"${service}.${member} (a stub: fails until the handler is written)", async t => {
${start}
	// Replace with the params this action is for and the result it must give.
${check}
});
`
		};
	}
	return {
		imports: ["eventName", "type PayloadIn"],
		code: `
${open}"${service} handles ${member} (a stub: fails until the handler is written)", async t => {
${start}
	const payload = { id: "example" } satisfies PayloadIn<typeof ${n.contract}, "${member}">;
	// Runs this service's own handler and rejects if it throws (an emit would only log the error).
	await broker.getLocalService(${n.contract}.fullName).emitLocalEventHandler(eventName(${n.contract}, "${member}"), payload);
	// Then check what the handler should have changed.${runner === "tap" ? `\n\tt.pass("the handler ran");` : ""}
});
`
	};
}

// The test file of a service made with `new service --db`, for either test
// runner: each test gives the service a fresh in-memory SQLite database; one
// follows a row's event through the outbox to a durable consumer.
import { importList } from "../scaffold/markers.js";
import type { TestRunner } from "./member-snippets.js";
import { serviceNames } from "./names.js";
import { helloTests, type ServiceOptions } from "./service-files.js";

/** How a test of a service with a database makes it (also used by `add action|event` stubs). */
export function makeDatabaseService(name: string): string {
	const n = serviceNames(name);
	return `${n.factory}(${n.openDatabase}("sqlite::memory:"))`;
}

/** The runner-specific parts of the tests below. */
const DIALECTS = {
	"node:test": {
		test: "test(",
		// node:test waits forever by default: a lost event must fail the test, not hang the run (tap stops at 30 s).
		bounded: "{ timeout: 10_000 }, ",
		same: (actual: string, expected: string) => `assert.deepEqual(${actual}, ${expected});`,
		equal: (actual: string, expected: string) => `assert.equal(${actual}, ${expected});`,
		notFound: (call: string) =>
			`await assert.rejects(${call}, (err: unknown) => err instanceof BackbeatError && err.code === "NOT_FOUND");`
	},
	tap: {
		test: "t.test(",
		bounded: "",
		same: (actual: string, expected: string) => `t.same(${actual}, ${expected});`,
		equal: (actual: string, expected: string) => `t.equal(${actual}, ${expected});`,
		notFound: (call: string) => `await t.rejects(${call}, { code: "NOT_FOUND" });`
	}
} as const;

function databaseTests(name: string, runner: TestRunner): string {
	const n = serviceNames(name);
	const d = DIALECTS[runner];
	const payload = `PayloadOut<typeof ${n.contract}, "created">`;
	return `
${d.test}"${name}.create stores a row and publishes 'created' with it; a durable consumer receives the event", ${d.bounded}async t => {
	const database = ${n.openDatabase}("sqlite::memory:");
	// A consumer of 'created' with an inbox database of its own, as another service would have.
	const inbox = openDatabase({ url: "sqlite::memory:" });
	let deliver: (payload: ${payload}) => void = () => undefined;
	const delivered = new Promise<${payload}>(resolve => (deliver = resolve));
	const listener = defineService(defineContract({ name: "${name}-listener", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(${n.contract}, inbox, { created: async event => deliver(event.payload) })],
		stopped: () => inbox.close()
	});
	const broker = await startTestBroker(t, { services: [${n.factory}(database), listener] });
	const { id } = await client(broker, ${n.contract}).create({ name: "First" });
	${d.same(`await database.db.selectFrom("${n.table}").select(["id", "name"]).execute()`, `[{ id, name: "First" }]`)}
	// The relay publishes the committed event to the channel, and the consumer's handler resolves this.
	${d.same("await delivered", `{ id, name: "First" }`)}
});

${d.test}"${name}.get reads a stored row back; an unknown id is NOT_FOUND", async t => {
	const broker = await startTestBroker(t, { services: [${makeDatabaseService(name)}] });
	const api = client(broker, ${n.contract});
	const { id } = await api.create({ name: "Second" });
	${d.equal("(await api.get({ id })).name", `"Second"`)}
	${d.notFound(`api.get({ id: "missing" })`)}
});
`;
}

/** The tap tests of the example action for a service without a store (the reference layout's, with a store, are in reference-files.ts). */
function tapHelloTests(name: string, makeService: string): string {
	const n = serviceNames(name);
	return `
t.test("${name}.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [${makeService}] });
	t.same(await client(broker, ${n.contract}).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

t.test("${name}.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [${makeService}] });
	await t.rejects(client(broker, ${n.contract}).hello({ name: "" }), { code: "VALIDATION_FAILED", data: { issues: [{ path: "name" }] } });
});
`;
}

/** The whole test file; `sources` is the path from the test to the service's folder. */
export function databaseTestFile(name: string, options: ServiceOptions, runner: TestRunner, sources: string): string {
	const n = serviceNames(name);
	const sdk = ["client", "consume", "defineContract", "defineService", "openDatabase", `type PayloadOut`];
	if (runner === "node:test") sdk.push("BackbeatError", ...(options.example ? ["type ValidationFailedData"] : []));
	const locals = `import { ${n.contract} } from "${sources}/contract.js";
import { ${n.openDatabase} } from "${sources}/database.js";
import { ${n.factory} } from "${sources}/service.js";
`;
	const header =
		runner === "node:test"
			? `import assert from "node:assert/strict";
import { test } from "node:test";
import { ${importList(sdk)} } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
${locals}`
			: `import { ${importList(sdk)} } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
${locals}`;
	const hello = !options.example
		? ""
		: runner === "node:test"
			? helloTests(name, makeDatabaseService(name))
			: tapHelloTests(name, makeDatabaseService(name));
	return header + hello + databaseTests(name, runner);
}

import { camelCase, pascalCase } from "../names/validate-name.js";
import { insertAtMarker, MARKERS } from "../scaffold/markers.js";

/** What a new service starts with. */
export interface ServiceOptions {
	/** The working `hello` action with its tests; without it the contract starts empty. */
	readonly example: boolean;
}

/** Names used in a service's generated code. */
export function serviceNames(name: string) {
	return { name, contract: `${pascalCase(name)}Contract`, service: `${camelCase(name)}Service`, factory: `create${pascalCase(name)}Service`, store: `${pascalCase(name)}Store` };
}

const HELLO_CONTRACT = `hello: {
	params: z.object({ name: z.string().min(1).max(100) }),
	returns: z.object({ greeting: z.string() }),
	idempotent: true,
	description: "Greets someone"
},
`;

/** A contract with its lists ready for `backbeat add action|event`; both project layouts share it. */
export function contractFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	return `import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The ${name} service's API. Types come from these schemas; nothing is declared twice. */
export const ${n.contract} = defineContract({
	name: "${name}",
	version: 1,
	actions: {
${options.example ? indent(HELLO_CONTRACT, 2) : ""}		${MARKERS.actions}
	},
	events: {
		${MARKERS.events}
	}
});
`;
}

/** The implementation's lists (actions, event handlers) for either layout, at indentation `depth`. */
export function implementationBody(contract: string, hello: string | undefined, depth: number): string {
	return indent(
		`actions: {
${hello === undefined ? "" : `	// ctx.params is typed from the contract and already validated.\n${indent(hello, 1)}`}	${MARKERS.actions}
},
// Handlers of events (this contract's or another's); ctx.params is the validated payload.
subscriptions: [
	on(${contract}, {
		${MARKERS.eventHandlers}
	})
]
`,
		depth
	);
}

export function serviceFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	return `import { defineService, on } from "@backbeat/sdk";
import { ${n.contract} } from "./contract.js";

export const ${n.service} = defineService(${n.contract}, {
${implementationBody(n.contract, options.example ? "hello: ctx => ({ greeting: `Hello, ${ctx.params.name}!` }),\n" : undefined, 1)}});
`;
}

export function serviceTestFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	const header = `import assert from "node:assert/strict";
import { test } from "node:test";
${options.example ? `import { BackbeatError, client, type ValidationFailedData } from "@backbeat/sdk";\n` : ""}import { startTestBroker } from "@backbeat/sdk/testing";
import { ${n.contract} } from "../src/services/${name}/contract.js";
import { ${n.service} } from "../src/services/${name}/service.js";
`;
	if (!options.example) {
		return `${header}
test("${name} starts", async t => {
	const broker = await startTestBroker(t, { services: [${n.service}] });
	assert.ok(broker.getLocalService(${n.contract}.fullName));
});
`;
	}
	return `${header}
test("${name}.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [${n.service}] });
	assert.deepEqual(await client(broker, ${n.contract}).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("${name}.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [${n.service}] });
	await assert.rejects(client(broker, ${n.contract}).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});
`;
}

/** Adds a service to a project's `src/services/index.ts` at its two markers. */
export function registerService(index: string, name: string, file = "src/services/index.ts"): string {
	const n = serviceNames(name);
	const withImport = insertAtMarker(index, MARKERS.serviceImports, `import { ${n.service} } from "./${name}/service.js";`, file);
	return insertAtMarker(withImport, MARKERS.services, `${n.service},`, file);
}

/** Indents every non-empty line by `depth` tabs. */
export function indent(text: string, depth: number): string {
	const prefix = "\t".repeat(depth);
	return text
		.split("\n")
		.map(line => (line === "" ? line : prefix + line))
		.join("\n");
}

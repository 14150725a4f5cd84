import { insertAtMarker, MARKERS } from "../scaffold/markers.js";
import { databaseActions, databaseContractMembers } from "./database-files.js";
import { indent, serviceNames } from "./names.js";

/** What a new service starts with. */
export interface ServiceOptions {
	/** The working `hello` action with its tests; without it the contract starts empty. */
	readonly example: boolean;
	/** An SQL database with a first migration, the outbox, and actions that write and read it (see database-files.ts). */
	readonly db: boolean;
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
	const members = options.db ? databaseContractMembers() : { actions: "", events: "" };
	return `import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The ${name} service's API. Types come from these schemas; nothing is declared twice. */
export const ${n.contract} = defineContract({
	name: "${name}",
	version: 1,
	actions: {
${options.example ? indent(HELLO_CONTRACT, 2) : ""}${indent(members.actions, 2)}		${MARKERS.actions}
	},
	events: {
${indent(members.events, 2)}		${MARKERS.events}
	}
});
`;
}

/** The example action of a service without a store of its own. */
export const HELLO_ACTION = "hello: ctx => ({ greeting: `Hello, ${ctx.params.name}!` }),\n";

/**
 * The implementation's lists (actions, event handlers) for either layout, at
 * indentation `depth`; `actions` is code for the actions (or nothing), `tail`
 * more options after the lists.
 */
export function implementationBody(contract: string, actions: string, depth: number, tail = ""): string {
	return indent(
		`actions: {
${actions === "" ? "" : `	// ctx.params is typed from the contract and already validated.\n${indent(actions, 1)}`}	${MARKERS.actions}
},
// Handlers of events (this contract's or another's); ctx.params is the validated payload.
subscriptions: [
	on(${contract}, {
		${MARKERS.eventHandlers}
	})
]${tail === "" ? "" : `,\n${tail}`}
`,
		depth
	);
}

export function serviceFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	return `import { defineService, on } from "@backbeat/sdk";
import { ${n.contract} } from "./contract.js";

export const ${n.service} = defineService(${n.contract}, {
${implementationBody(n.contract, options.example ? HELLO_ACTION : "", 1)}});
`;
}

/**
 * A service that owns a database (both layouts): made by a factory, so a test
 * can hand it a database of its own; it closes the database when it stops.
 */
export function databaseServiceFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	return `import { randomUUID } from "node:crypto";
import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { ${n.contract} } from "./contract.js";
import { ${n.openDatabase}, type ${n.database} } from "./database.js";

/** The ${name} service on \`database\` (default: the one ${n.openDatabase}() opens), which it closes when it stops. */
export function ${n.factory}(database: ${n.database} = ${n.openDatabase}()): ServiceDefinition {
	return defineService(${n.contract}, {
		// Migrates the database when the service starts, and runs the relay that publishes committed events.
		outbox: { database },
${implementationBody(n.contract, (options.example ? HELLO_ACTION : "") + databaseActions(name), 2, "stopped: () => database.close()")}	});
}
`;
}

/** The node:test tests of the example action, on the service `makeService` makes. */
export function helloTests(name: string, makeService: string): string {
	const n = serviceNames(name);
	return `
test("${name}.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [${makeService}] });
	assert.deepEqual(await client(broker, ${n.contract}).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("${name}.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [${makeService}] });
	await assert.rejects(client(broker, ${n.contract}).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});
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
	return header + helloTests(name, n.service);
}

/** Adds a service to a project's `src/services/index.ts` at its two markers; a service with a database is made by its factory. */
export function registerService(index: string, name: string, file: string, options: Pick<ServiceOptions, "db">): string {
	const n = serviceNames(name);
	const made = options.db ? n.factory : n.service;
	const withImport = insertAtMarker(index, MARKERS.serviceImports, `import { ${made} } from "./${name}/service.js";`, file);
	return insertAtMarker(withImport, MARKERS.services, options.db ? `${made}(),` : `${made},`, file);
}

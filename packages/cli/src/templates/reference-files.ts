// Templates for this repository's packages/reference-services, whose layout
// differs from a generated project: src/<name>/{contract,service,store}.ts,
// services made by factories that take their store, tests written with tap.
import { insertAtMarker, MARKERS } from "../scaffold/markers.js";
import { serviceNames } from "./names.js";
import { implementationBody, type ServiceOptions } from "./service-files.js";

export function referenceServiceFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	const hello = "hello: ctx => {\n\tstore.remember(ctx.params.name);\n\treturn { greeting: `Hello, ${ctx.params.name}!` };\n},\n";
	return `import { defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { ${n.contract} } from "./contract.js";
import { ${n.store} } from "./store.js";

export function ${n.factory}(store = new ${n.store}()): ServiceDefinition {
	return defineService(${n.contract}, {
${implementationBody(n.contract, options.example ? hello : "", 2)}	});
}
`;
}

export function referenceStoreFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	if (!options.example) {
		return `/** The ${name} service's state, in memory until it needs a database (as the catalog's). */
export class ${n.store} {}
`;
	}
	return `/** The ${name} service's state, in memory until it needs a database (as the catalog's). */
export class ${n.store} {
	private readonly greeted: string[] = [];

	remember(name: string): void {
		this.greeted.push(name);
	}

	/** Everyone greeted so far, oldest first. */
	names(): readonly string[] {
		return this.greeted;
	}
}
`;
}

export function referenceTestFile(name: string, options: ServiceOptions): string {
	const n = serviceNames(name);
	const header = `${options.example ? `import { client } from "@backbeat/sdk";\n` : ""}import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { ${n.contract} } from "../src/${name}/contract.js";
import { ${n.factory} } from "../src/${name}/service.js";
${options.example ? `import { ${n.store} } from "../src/${name}/store.js";\n` : ""}`;
	if (!options.example) {
		return `${header}
t.test("${name} starts", async t => {
	const broker = await startTestBroker(t, { services: [${n.factory}()] });
	t.ok(broker.getLocalService(${n.contract}.fullName));
});
`;
	}
	return `${header}
t.test("${name}.hello greets by name and remembers whom", async t => {
	const store = new ${n.store}();
	const broker = await startTestBroker(t, { services: [${n.factory}(store)] });
	t.same(await client(broker, ${n.contract}).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
	t.same(store.names(), ["Ada"]);
});

t.test("${name}.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [${n.factory}()] });
	await t.rejects(client(broker, ${n.contract}).hello({ name: "" }), { code: "VALIDATION_FAILED", data: { issues: [{ path: "name" }] } });
});
`;
}

/** Lists a service in reference-services' `src/services.ts`. */
export function registerReferenceService(list: string, name: string, file: string): string {
	const n = serviceNames(name);
	const withImport = insertAtMarker(list, MARKERS.serviceImports, `import { ${n.factory} } from "./${name}/service.js";`, file);
	return insertAtMarker(withImport, MARKERS.services, `${n.factory}(),`, file);
}

/** Exports a service's contract, factory and store (or database) from the package's entry file. */
export function exportReferenceService(entry: string, name: string, file: string, options: Pick<ServiceOptions, "db">): string {
	const n = serviceNames(name);
	const state = options.db
		? [
				`export { ${n.openDatabase} } from "./${name}/database.js";`,
				`export type { ${n.database}, ${n.tables} } from "./${name}/database.js";`
			]
		: [`export { ${n.store} } from "./${name}/store.js";`];
	const lines = [
		`export { ${n.contract} } from "./${name}/contract.js";`,
		`export { ${n.factory} } from "./${name}/service.js";`,
		...state
	];
	return insertAtMarker(entry, MARKERS.exports, lines.join("\n"), file);
}

import { camelCase, pascalCase } from "../names/validate-name.js";

export const IMPORTS_MARKER = "// backbeat: service imports end";
export const SERVICES_MARKER = "// backbeat: services end";

/** Names used in a service's generated code. */
export function serviceNames(name: string) {
	return { name, contract: `${pascalCase(name)}Contract`, service: `${camelCase(name)}Service` };
}

export function contractFile(name: string): string {
	const n = serviceNames(name);
	return `import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The ${name} service's API. Types come from these schemas; nothing is declared twice. */
export const ${n.contract} = defineContract({
	name: "${name}",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone"
		}
	},
	events: {}
});
`;
}

export function serviceFile(name: string): string {
	const n = serviceNames(name);
	return `import { defineService } from "@backbeat/sdk";
import { ${n.contract} } from "./contract.js";

export const ${n.service} = defineService(${n.contract}, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` })
	}
});
`;
}

export function serviceTestFile(name: string): string {
	const n = serviceNames(name);
	return `import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, type ValidationFailedData } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { ${n.contract} } from "../src/services/${name}/contract.js";
import { ${n.service} } from "../src/services/${name}/service.js";

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

/** Adds a service to `src/services/index.ts` at its two markers. */
export function registerService(index: string, name: string): string {
	const n = serviceNames(name);
	if (!index.includes(IMPORTS_MARKER) || !index.includes(SERVICES_MARKER)) {
		throw new Error(`src/services/index.ts has lost its markers ('${IMPORTS_MARKER}', '${SERVICES_MARKER}'); add the service there by hand`);
	}
	return index
		.replace(IMPORTS_MARKER, `import { ${n.service} } from "./${name}/service.js";\n${IMPORTS_MARKER}`)
		.replace(`\t${SERVICES_MARKER}`, `\t${n.service},\n\t${SERVICES_MARKER}`);
}

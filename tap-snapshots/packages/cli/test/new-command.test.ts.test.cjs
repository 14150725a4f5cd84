/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > .gitignore 1`] = `
node_modules/
dist/

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > file list 1`] = `
Array [
  ".gitignore",
  "README.md",
  "package.json",
  "src/main.ts",
  "src/services/greeter/contract.ts",
  "src/services/greeter/service.ts",
  "src/services/index.ts",
  "src/services/play-lists/contract.ts",
  "src/services/play-lists/service.ts",
  "test/greeter.test.ts",
  "test/play-lists.test.ts",
  "tsconfig.json",
]
`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > package.json 1`] = `
{
  "name": "demo-app",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "scripts": {
    "build": "tsc -p tsconfig.json",
    "start": "npm run build && node dist/src/main.js",
    "test": "tsc -p tsconfig.json && node --test dist/test/*.test.js"
  },
  "dependencies": {
    "@backbeat/sdk": "^0.1.0",
    "zod": "^4.1.0"
  },
  "devDependencies": {
    "@types/node": "^20.19.43",
    "typescript": "~5.9.3"
  }
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > README.md 1`] = `
# demo-app

Services built with [Backbeat](https://www.npmjs.com/package/@backbeat/sdk).

\`\`\`sh
npm install
npm test     # type-checks, then runs test/*.test.ts with node:test
npm start    # runs every service in one process (in-process transport)
\`\`\`

| path | what it holds |
|---|---|
| \`src/services/<name>/contract.ts\` | the service's API as data (zod schemas) |
| \`src/services/<name>/service.ts\` | its implementation, typed by the contract |
| \`src/services/index.ts\` | the list of services \`npm start\` runs |
| \`test/<name>.test.ts\` | its tests |

Add a service with \`backbeat new service <name>\`. The first one is \`greeter\`.

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/main.ts 1`] = `
// Runs every service of this project in one process. Set BACKBEAT_TRANSPORTER
// (for example nats://127.0.0.1:4222) to join a distributed cluster instead.
import { createBroker } from "@backbeat/sdk";
import { services } from "./services/index.js";

const broker = createBroker({ services });
await broker.start();
const stop = () => void broker.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/greeter/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The greeter service's API. Types come from these schemas; nothing is declared twice. */
export const GreeterContract = defineContract({
	name: "greeter",
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

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/greeter/service.ts 1`] = `
import { defineService } from "@backbeat/sdk";
import { GreeterContract } from "./contract.js";

export const greeterService = defineService(GreeterContract, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` })
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/index.ts 1`] = `
import type { ServiceDefinition } from "@backbeat/sdk";
import { greeterService } from "./greeter/service.js";
import { playListsService } from "./play-lists/service.js";
// backbeat: service imports end

/** Every service of this project. \`backbeat new service <name>\` adds to this list. */
export const services: ServiceDefinition[] = [
	greeterService,
	playListsService,
	// backbeat: services end
];

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/play-lists/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The play-lists service's API. Types come from these schemas; nothing is declared twice. */
export const PlayListsContract = defineContract({
	name: "play-lists",
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

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/play-lists/service.ts 1`] = `
import { defineService } from "@backbeat/sdk";
import { PlayListsContract } from "./contract.js";

export const playListsService = defineService(PlayListsContract, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` })
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/greeter.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, type ValidationFailedData } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { GreeterContract } from "../src/services/greeter/contract.js";
import { greeterService } from "../src/services/greeter/service.js";

test("greeter.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [greeterService] });
	assert.deepEqual(await client(broker, GreeterContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("greeter.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [greeterService] });
	await assert.rejects(client(broker, GreeterContract).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/play-lists.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, type ValidationFailedData } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { PlayListsContract } from "../src/services/play-lists/contract.js";
import { playListsService } from "../src/services/play-lists/service.js";

test("play-lists.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [playListsService] });
	assert.deepEqual(await client(broker, PlayListsContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("play-lists.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [playListsService] });
	await assert.rejects(client(broker, PlayListsContract).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > tsconfig.json 1`] = `
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": [
      "ES2023"
    ],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "noImplicitOverride": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true,
    "outDir": "dist",
    "rootDir": ".",
    "types": [
      "node"
    ]
  },
  "include": [
    "src",
    "test"
  ]
}

`

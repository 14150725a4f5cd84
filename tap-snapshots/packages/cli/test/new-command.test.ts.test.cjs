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

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > add event --dry-run output 1`] = `
would edit   src/services/play-lists/contract.ts (add event listShared)
    | @@ line 16 @@
    |   	},
    |   	events: {
    | + 		listShared: {
    | + 			// Placeholder: describe the real payload; emitters and handlers follow its type.
    | + 			payload: z.object({ id: z.string() })
    | + 		},
    |   		// backbeat: events end
    |   	}
would edit   src/services/play-lists/service.ts (add a stub handler for listShared)
    | @@ line 1 @@
    | - import { defineService, on } from "@backbeat/sdk";
    | + import { BackbeatError, defineService, on } from "@backbeat/sdk";
    |   import { PlayListsContract } from "./contract.js";
    |   
    | @@ line 11 @@
    |   	subscriptions: [
    |   		on(PlayListsContract, {
    | + 			listShared: () => {
    | + 				throw new BackbeatError("NOT_IMPLEMENTED", "the play-lists.listShared handler is not implemented yet");
    | + 			},
    |   			// backbeat: event handlers end
    |   		})
would edit   test/play-lists.test.ts (add a failing test for listShared)
    | @@ line 1 @@
    |   import assert from "node:assert/strict";
    |   import { test } from "node:test";
    | - import { BackbeatError, client, type ValidationFailedData } from "@backbeat/sdk";
    | + import { BackbeatError, client, eventName, type PayloadIn, type ValidationFailedData } from "@backbeat/sdk";
    |   import { startTestBroker } from "@backbeat/sdk/testing";
    |   import { PlayListsContract } from "../src/services/play-lists/contract.js";
    | @@ line 21 @@
    |   });
    |   
    | + test("play-lists handles listShared (a stub: fails until the handler is written)", async t => {
    | + 	const broker = await startTestBroker(t, { services: [playListsService] });
    | + 	const payload = { id: "example" } satisfies PayloadIn<typeof PlayListsContract, "listShared">;
    | + 	// Runs this service's own handler and rejects if it throws (an emit would only log the error).
    | + 	await broker.getLocalService(PlayListsContract.fullName).emitLocalEventHandler(eventName(PlayListsContract, "listShared"), payload);
    | + 	// Then check what the handler should have changed.
    | + });
    | +

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > file list 1`] = `
Array [
  ".gitignore",
  "README.md",
  "package.json",
  "src/main.ts",
  "src/services/bare/contract.ts",
  "src/services/bare/service.ts",
  "src/services/greeter/contract.ts",
  "src/services/greeter/service.ts",
  "src/services/index.ts",
  "src/services/play-lists/contract.ts",
  "src/services/play-lists/service.ts",
  "src/services/stubbed/contract.ts",
  "src/services/stubbed/service.ts",
  "test/bare.test.ts",
  "test/greeter.test.ts",
  "test/play-lists.test.ts",
  "test/stubbed.test.ts",
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

The first service is \`greeter\`. Grow the project with the \`backbeat\` CLI:

\`\`\`sh
backbeat new service orders            # contract, implementation, test; listed in src/services/index.ts
backbeat add action orders addItem     # a typed action stub and a test that fails until it is written
backbeat add event orders itemAdded    # an event with its payload schema, a handler stub and its test
\`\`\`

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

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/bare/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The bare service's API. Types come from these schemas; nothing is declared twice. */
export const BareContract = defineContract({
	name: "bare",
	version: 1,
	actions: {
		// backbeat: actions end
	},
	events: {
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/bare/service.ts 1`] = `
import { defineService, on } from "@backbeat/sdk";
import { BareContract } from "./contract.js";

export const bareService = defineService(BareContract, {
	actions: {
		// backbeat: actions end
	},
	// Handlers of events (this contract's or another's); ctx.params is the validated payload.
	subscriptions: [
		on(BareContract, {
			// backbeat: event handlers end
		})
	]
});

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
		},
		// backbeat: actions end
	},
	events: {
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/greeter/service.ts 1`] = `
import { defineService, on } from "@backbeat/sdk";
import { GreeterContract } from "./contract.js";

export const greeterService = defineService(GreeterContract, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` }),
		// backbeat: actions end
	},
	// Handlers of events (this contract's or another's); ctx.params is the validated payload.
	subscriptions: [
		on(GreeterContract, {
			// backbeat: event handlers end
		})
	]
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/index.ts 1`] = `
import type { ServiceDefinition } from "@backbeat/sdk";
import { greeterService } from "./greeter/service.js";
import { playListsService } from "./play-lists/service.js";
import { bareService } from "./bare/service.js";
import { stubbedService } from "./stubbed/service.js";
// backbeat: service imports end

/** Every service of this project. \`backbeat new service <name>\` adds to this list. */
export const services: ServiceDefinition[] = [
	greeterService,
	playListsService,
	bareService,
	stubbedService,
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
		},
		// backbeat: actions end
	},
	events: {
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/play-lists/service.ts 1`] = `
import { defineService, on } from "@backbeat/sdk";
import { PlayListsContract } from "./contract.js";

export const playListsService = defineService(PlayListsContract, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` }),
		// backbeat: actions end
	},
	// Handlers of events (this contract's or another's); ctx.params is the validated payload.
	subscriptions: [
		on(PlayListsContract, {
			// backbeat: event handlers end
		})
	]
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/stubbed/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The stubbed service's API. Types come from these schemas; nothing is declared twice. */
export const StubbedContract = defineContract({
	name: "stubbed",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone"
		},
		addItem: {
			// Placeholders: describe the real params and result; the handler and every caller follow these types.
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string() })
		},
		// backbeat: actions end
	},
	events: {
		itemAdded: {
			// Placeholder: describe the real payload; emitters and handlers follow its type.
			payload: z.object({ id: z.string() })
		},
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/stubbed/service.ts 1`] = `
import { BackbeatError, defineService, on } from "@backbeat/sdk";
import { StubbedContract } from "./contract.js";

export const stubbedService = defineService(StubbedContract, {
	actions: {
		// ctx.params is typed from the contract and already validated.
		hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` }),
		addItem: () => {
			throw new BackbeatError("NOT_IMPLEMENTED", "stubbed.addItem is not implemented yet");
		},
		// backbeat: actions end
	},
	// Handlers of events (this contract's or another's); ctx.params is the validated payload.
	subscriptions: [
		on(StubbedContract, {
			itemAdded: () => {
				throw new BackbeatError("NOT_IMPLEMENTED", "the stubbed.itemAdded handler is not implemented yet");
			},
			// backbeat: event handlers end
		})
	]
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/bare.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { startTestBroker } from "@backbeat/sdk/testing";
import { BareContract } from "../src/services/bare/contract.js";
import { bareService } from "../src/services/bare/service.js";

test("bare starts", async t => {
	const broker = await startTestBroker(t, { services: [bareService] });
	assert.ok(broker.getLocalService(BareContract.fullName));
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

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/stubbed.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, eventName, type PayloadIn, type ValidationFailedData } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { StubbedContract } from "../src/services/stubbed/contract.js";
import { stubbedService } from "../src/services/stubbed/service.js";

test("stubbed.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [stubbedService] });
	assert.deepEqual(await client(broker, StubbedContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("stubbed.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [stubbedService] });
	await assert.rejects(client(broker, StubbedContract).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});

test("stubbed.addItem (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [stubbedService] });
	// Replace with the params this action is for and the result it must give.
	assert.deepEqual(await client(broker, StubbedContract).addItem({ id: "example" }), { id: "example" });
});

test("stubbed handles itemAdded (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [stubbedService] });
	const payload = { id: "example" } satisfies PayloadIn<typeof StubbedContract, "itemAdded">;
	// Runs this service's own handler and rejects if it throws (an emit would only log the error).
	await broker.getLocalService(StubbedContract.fullName).emitLocalEventHandler(eventName(StubbedContract, "itemAdded"), payload);
	// Then check what the handler should have changed.
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

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > file list 1`] = `
Array [
  "package.json",
  "src/index.ts",
  "src/playlists/contract.ts",
  "src/playlists/service.ts",
  "src/playlists/store.ts",
  "src/services.ts",
  "test/playlists.test.ts",
]
`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > package.json 1`] = `
{"name":"@backbeat/reference-services"}
`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/index.ts 1`] = `
export { createServices } from "./services.js";
export { PlaylistsContract } from "./playlists/contract.js";
export { createPlaylistsService } from "./playlists/service.js";
export { PlaylistsStore } from "./playlists/store.js";
// backbeat: exports end

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/playlists/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The playlists service's API. Types come from these schemas; nothing is declared twice. */
export const PlaylistsContract = defineContract({
	name: "playlists",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone"
		},
		addTrack: {
			// Placeholders: describe the real params and result; the handler and every caller follow these types.
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string() })
		},
		// backbeat: actions end
	},
	events: {
		trackAdded: {
			// Placeholder: describe the real payload; emitters and handlers follow its type.
			payload: z.object({ id: z.string() })
		},
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/playlists/service.ts 1`] = `
import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { PlaylistsContract } from "./contract.js";
import { PlaylistsStore } from "./store.js";

export function createPlaylistsService(store = new PlaylistsStore()): ServiceDefinition {
	return defineService(PlaylistsContract, {
		actions: {
			// ctx.params is typed from the contract and already validated.
			hello: ctx => {
				store.remember(ctx.params.name);
				return { greeting: \`Hello, \${ctx.params.name}!\` };
			},
			addTrack: () => {
				throw new BackbeatError("NOT_IMPLEMENTED", "playlists.addTrack is not implemented yet");
			},
			// backbeat: actions end
		},
		// Handlers of events (this contract's or another's); ctx.params is the validated payload.
		subscriptions: [
			on(PlaylistsContract, {
				trackAdded: () => {
					throw new BackbeatError("NOT_IMPLEMENTED", "the playlists.trackAdded handler is not implemented yet");
				},
				// backbeat: event handlers end
			})
		]
	});
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/playlists/store.ts 1`] = `
/** The playlists service's state, in memory until it needs a database (as the catalog's). */
export class PlaylistsStore {
	private readonly greeted: string[] = [];

	remember(name: string): void {
		this.greeted.push(name);
	}

	/** Everyone greeted so far, oldest first. */
	names(): readonly string[] {
		return this.greeted;
	}
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/services.ts 1`] = `
import type { ServiceDefinition } from "@backbeat/sdk";
import { createPlaylistsService } from "./playlists/service.js";
// backbeat: service imports end

export function createServices(): ServiceDefinition[] {
	return [
		createPlaylistsService(),
		// backbeat: services end
	];
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > test/playlists.test.ts 1`] = `
import { client, eventName, type PayloadIn } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { PlaylistsContract } from "../src/playlists/contract.js";
import { createPlaylistsService } from "../src/playlists/service.js";
import { PlaylistsStore } from "../src/playlists/store.js";

t.test("playlists.hello greets by name and remembers whom", async t => {
	const store = new PlaylistsStore();
	const broker = await startTestBroker(t, { services: [createPlaylistsService(store)] });
	t.same(await client(broker, PlaylistsContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
	t.same(store.names(), ["Ada"]);
});

t.test("playlists.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [createPlaylistsService()] });
	await t.rejects(client(broker, PlaylistsContract).hello({ name: "" }), { code: "VALIDATION_FAILED", data: { issues: [{ path: "name" }] } });
});

t.test("playlists.addTrack (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [createPlaylistsService()] });
	// Replace with the params this action is for and the result it must give.
	t.same(await client(broker, PlaylistsContract).addTrack({ id: "example" }), { id: "example" });
});

t.test("playlists handles trackAdded (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [createPlaylistsService()] });
	const payload = { id: "example" } satisfies PayloadIn<typeof PlaylistsContract, "trackAdded">;
	// Runs this service's own handler and rejects if it throws (an emit would only log the error).
	await broker.getLocalService(PlaylistsContract.fullName).emitLocalEventHandler(eventName(PlaylistsContract, "trackAdded"), payload);
	// Then check what the handler should have changed.
	t.pass("the handler ran");
});

`

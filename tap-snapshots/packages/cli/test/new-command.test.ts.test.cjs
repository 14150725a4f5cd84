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
data/

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > add action to a service with a database --dry-run output 1`] = `
would edit   src/services/ledger/contract.ts (add action close)
    | @@ line 24 @@
    |   			description: "Reads a stored record"
    |   		},
    | + 		close: {
    | + 			// Placeholders: describe the real params and result; the handler and every caller follow these types.
    | + 			params: z.object({ id: z.string().min(1) }),
    | + 			returns: z.object({ id: z.string() })
    | + 		},
    |   		// backbeat: actions end
    |   	},
would edit   src/services/ledger/service.ts (add a stub handler for close)
    | @@ line 25 @@
    |   				return { id: row.id, name: row.name, createdAt: row.created_at };
    |   			},
    | + 			close: () => {
    | + 				throw new BackbeatError("NOT_IMPLEMENTED", "ledger.close is not implemented yet");
    | + 			},
    |   			// backbeat: actions end
    |   		},
would edit   test/ledger.test.ts (add a failing test for close)
    | @@ line 48 @@
    |   });
    |   
    | + test("ledger.close (a stub: fails until the handler is written)", async t => {
    | + 	const broker = await startTestBroker(t, { services: [createLedgerService(openLedgerDatabase("sqlite::memory:"))] });
    | + 	// Replace with the params this action is for and the result it must give.
    | + 	assert.deepEqual(await client(broker, LedgerContract).close({ id: "example" }), { id: "example" });
    | + });
    | +

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
  "src/services/audit-log/contract.ts",
  "src/services/audit-log/database.ts",
  "src/services/audit-log/service.ts",
  "src/services/bare/contract.ts",
  "src/services/bare/service.ts",
  "src/services/greeter/contract.ts",
  "src/services/greeter/service.ts",
  "src/services/index.ts",
  "src/services/ledger/contract.ts",
  "src/services/ledger/database.ts",
  "src/services/ledger/service.ts",
  "src/services/play-lists/contract.ts",
  "src/services/play-lists/service.ts",
  "src/services/stubbed/contract.ts",
  "src/services/stubbed/service.ts",
  "test/audit-log.test.ts",
  "test/bare.test.ts",
  "test/greeter.test.ts",
  "test/ledger.test.ts",
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
    "better-sqlite3": "^12.0.0",
    "pg": "^8.0.0",
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
backbeat new service billing --db      # the same, with an SQL database, a migration and the outbox
backbeat add action orders addItem     # a typed action stub and a test that fails until it is written
backbeat add event orders itemAdded    # an event with its payload schema, a handler stub and its test
\`\`\`

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/main.ts 1`] = `
// Runs every service of this project in one process. Set BACKBEAT_TRANSPORTER
// (for example nats://127.0.0.1:4222) to join a distributed cluster instead, and
// BACKBEAT_CHANNELS_URL there for the outbox events of services with a database.
import { createBroker } from "@backbeat/sdk";
import { services } from "./services/index.js";

const broker = createBroker({ services });
await broker.start();
const stop = () => void broker.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/audit-log/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The audit-log service's API. Types come from these schemas; nothing is declared twice. */
export const AuditLogContract = defineContract({
	name: "audit-log",
	version: 1,
	actions: {
		create: {
			params: z.object({ name: z.string().min(1).max(200) }),
			returns: z.object({ id: z.string() }),
			description: "Stores a new record and publishes 'created' in the same transaction"
		},
		get: {
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
			idempotent: true,
			description: "Reads a stored record"
		},
		purge: {
			// Placeholders: describe the real params and result; the handler and every caller follow these types.
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string() })
		},
		// backbeat: actions end
	},
	events: {
		created: {
			// Published through the outbox: after the commit, at least once, to durable consumers (consume()).
			payload: z.object({ id: z.string(), name: z.string() })
		},
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/audit-log/database.ts 1`] = `
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The audit-log service's own tables (Kysely types); the SDK keeps its outbox tables in the same database. */
export interface AuditLogTables {
	audit_log: { id: string; name: string; created_at: string };
}

export type AuditLogDatabase = Database<AuditLogTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-audit-log",
		async up(db) {
			await db.schema
				.createTable("audit_log")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("name", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the audit-log database at \`url\`, by default AUDIT_LOG_DATABASE_URL, else
 * BACKBEAT_DATABASE_URL, else the SQLite file audit-log.sqlite under BACKBEAT_DATA_DIR
 * (default ./data). For PostgreSQL, postgres://user@host:5432/db?schema=audit_log
 * keeps the tables in a schema of their own.
 */
export function openAuditLogDatabase(url: string | undefined = process.env["AUDIT_LOG_DATABASE_URL"] || undefined): AuditLogDatabase {
	return openDatabase<AuditLogTables>({ name: "audit-log", migrations, ...(url === undefined ? {} : { url }) });
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/audit-log/service.ts 1`] = `
import { randomUUID } from "node:crypto";
import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { AuditLogContract } from "./contract.js";
import { openAuditLogDatabase, type AuditLogDatabase } from "./database.js";

/** The audit-log service on \`database\` (default: the one openAuditLogDatabase() opens), which it closes when it stops. */
export function createAuditLogService(database: AuditLogDatabase = openAuditLogDatabase()): ServiceDefinition {
	return defineService(AuditLogContract, {
		// Migrates the database when the service starts, and runs the relay that publishes committed events.
		outbox: { database },
		actions: {
			// ctx.params is typed from the contract and already validated.
			// The row and its event commit together: if anything throws, neither is kept.
			create: ctx =>
				database.transaction(async tx => {
					const id = randomUUID();
					await tx.db.insertInto("audit_log").values({ id, name: ctx.params.name, created_at: new Date().toISOString() }).execute();
					await tx.publish(AuditLogContract, "created", { id, name: ctx.params.name }, { key: id });
					return { id };
				}),
			get: async ctx => {
				const row = await database.db.selectFrom("audit_log").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (!row) throw new BackbeatError("NOT_FOUND", \`audit-log record '\${ctx.params.id}' does not exist\`, { data: { id: ctx.params.id } });
				return { id: row.id, name: row.name, createdAt: row.created_at };
			},
			purge: () => {
				throw new BackbeatError("NOT_IMPLEMENTED", "audit-log.purge is not implemented yet");
			},
			// backbeat: actions end
		},
		// Handlers of events (this contract's or another's); ctx.params is the validated payload.
		subscriptions: [
			on(AuditLogContract, {
				// backbeat: event handlers end
			})
		],
		stopped: () => database.close()
	});
}

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
import { createLedgerService } from "./ledger/service.js";
import { createAuditLogService } from "./audit-log/service.js";
// backbeat: service imports end

/** Every service of this project. \`backbeat new service <name>\` adds to this list. */
export const services: ServiceDefinition[] = [
	greeterService,
	playListsService,
	bareService,
	stubbedService,
	createLedgerService(),
	createAuditLogService(),
	// backbeat: services end
];

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/ledger/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The ledger service's API. Types come from these schemas; nothing is declared twice. */
export const LedgerContract = defineContract({
	name: "ledger",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone"
		},
		create: {
			params: z.object({ name: z.string().min(1).max(200) }),
			returns: z.object({ id: z.string() }),
			description: "Stores a new record and publishes 'created' in the same transaction"
		},
		get: {
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
			idempotent: true,
			description: "Reads a stored record"
		},
		// backbeat: actions end
	},
	events: {
		created: {
			// Published through the outbox: after the commit, at least once, to durable consumers (consume()).
			payload: z.object({ id: z.string(), name: z.string() })
		},
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/ledger/database.ts 1`] = `
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The ledger service's own tables (Kysely types); the SDK keeps its outbox tables in the same database. */
export interface LedgerTables {
	ledger: { id: string; name: string; created_at: string };
}

export type LedgerDatabase = Database<LedgerTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-ledger",
		async up(db) {
			await db.schema
				.createTable("ledger")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("name", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the ledger database at \`url\`, by default LEDGER_DATABASE_URL, else
 * BACKBEAT_DATABASE_URL, else the SQLite file ledger.sqlite under BACKBEAT_DATA_DIR
 * (default ./data). For PostgreSQL, postgres://user@host:5432/db?schema=ledger
 * keeps the tables in a schema of their own.
 */
export function openLedgerDatabase(url: string | undefined = process.env["LEDGER_DATABASE_URL"] || undefined): LedgerDatabase {
	return openDatabase<LedgerTables>({ name: "ledger", migrations, ...(url === undefined ? {} : { url }) });
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > src/services/ledger/service.ts 1`] = `
import { randomUUID } from "node:crypto";
import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { LedgerContract } from "./contract.js";
import { openLedgerDatabase, type LedgerDatabase } from "./database.js";

/** The ledger service on \`database\` (default: the one openLedgerDatabase() opens), which it closes when it stops. */
export function createLedgerService(database: LedgerDatabase = openLedgerDatabase()): ServiceDefinition {
	return defineService(LedgerContract, {
		// Migrates the database when the service starts, and runs the relay that publishes committed events.
		outbox: { database },
		actions: {
			// ctx.params is typed from the contract and already validated.
			hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` }),
			// The row and its event commit together: if anything throws, neither is kept.
			create: ctx =>
				database.transaction(async tx => {
					const id = randomUUID();
					await tx.db.insertInto("ledger").values({ id, name: ctx.params.name, created_at: new Date().toISOString() }).execute();
					await tx.publish(LedgerContract, "created", { id, name: ctx.params.name }, { key: id });
					return { id };
				}),
			get: async ctx => {
				const row = await database.db.selectFrom("ledger").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (!row) throw new BackbeatError("NOT_FOUND", \`ledger record '\${ctx.params.id}' does not exist\`, { data: { id: ctx.params.id } });
				return { id: row.id, name: row.name, createdAt: row.created_at };
			},
			// backbeat: actions end
		},
		// Handlers of events (this contract's or another's); ctx.params is the validated payload.
		subscriptions: [
			on(LedgerContract, {
				// backbeat: event handlers end
			})
		],
		stopped: () => database.close()
	});
}

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

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/audit-log.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, consume, defineContract, defineService, openDatabase, type PayloadOut } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { AuditLogContract } from "../src/services/audit-log/contract.js";
import { openAuditLogDatabase } from "../src/services/audit-log/database.js";
import { createAuditLogService } from "../src/services/audit-log/service.js";

test("audit-log.create stores a row and publishes 'created' with it; a durable consumer receives the event", { timeout: 10_000 }, async t => {
	const database = openAuditLogDatabase("sqlite::memory:");
	// A consumer of 'created' with an inbox database of its own, as another service would have.
	const inbox = openDatabase({ url: "sqlite::memory:" });
	let deliver: (payload: PayloadOut<typeof AuditLogContract, "created">) => void = () => undefined;
	const delivered = new Promise<PayloadOut<typeof AuditLogContract, "created">>(resolve => (deliver = resolve));
	const listener = defineService(defineContract({ name: "audit-log-listener", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(AuditLogContract, inbox, { created: async event => deliver(event.payload) })],
		stopped: () => inbox.close()
	});
	const broker = await startTestBroker(t, { services: [createAuditLogService(database), listener] });
	const { id } = await client(broker, AuditLogContract).create({ name: "First" });
	assert.deepEqual(await database.db.selectFrom("audit_log").select(["id", "name"]).execute(), [{ id, name: "First" }]);
	// The relay publishes the committed event to the channel, and the consumer's handler resolves this.
	assert.deepEqual(await delivered, { id, name: "First" });
});

test("audit-log.get reads a stored row back; an unknown id is NOT_FOUND", async t => {
	const broker = await startTestBroker(t, { services: [createAuditLogService(openAuditLogDatabase("sqlite::memory:"))] });
	const api = client(broker, AuditLogContract);
	const { id } = await api.create({ name: "Second" });
	assert.equal((await api.get({ id })).name, "Second");
	await assert.rejects(api.get({ id: "missing" }), (err: unknown) => err instanceof BackbeatError && err.code === "NOT_FOUND");
});

test("audit-log.purge (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [createAuditLogService(openAuditLogDatabase("sqlite::memory:"))] });
	// Replace with the params this action is for and the result it must give.
	assert.deepEqual(await client(broker, AuditLogContract).purge({ id: "example" }), { id: "example" });
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

exports[`packages/cli/test/new-command.test.ts > TAP > generated files match their snapshots (a template change must update them: TAP_SNAPSHOT=1) > test/ledger.test.ts 1`] = `
import assert from "node:assert/strict";
import { test } from "node:test";
import { BackbeatError, client, consume, defineContract, defineService, openDatabase, type PayloadOut, type ValidationFailedData } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import { LedgerContract } from "../src/services/ledger/contract.js";
import { openLedgerDatabase } from "../src/services/ledger/database.js";
import { createLedgerService } from "../src/services/ledger/service.js";

test("ledger.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [createLedgerService(openLedgerDatabase("sqlite::memory:"))] });
	assert.deepEqual(await client(broker, LedgerContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

test("ledger.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [createLedgerService(openLedgerDatabase("sqlite::memory:"))] });
	await assert.rejects(client(broker, LedgerContract).hello({ name: "" }), (err: unknown) => {
		assert.ok(err instanceof BackbeatError);
		assert.equal(err.code, "VALIDATION_FAILED");
		assert.deepEqual((err.data as ValidationFailedData).issues.map(issue => issue.path), ["name"]);
		return true;
	});
});

test("ledger.create stores a row and publishes 'created' with it; a durable consumer receives the event", { timeout: 10_000 }, async t => {
	const database = openLedgerDatabase("sqlite::memory:");
	// A consumer of 'created' with an inbox database of its own, as another service would have.
	const inbox = openDatabase({ url: "sqlite::memory:" });
	let deliver: (payload: PayloadOut<typeof LedgerContract, "created">) => void = () => undefined;
	const delivered = new Promise<PayloadOut<typeof LedgerContract, "created">>(resolve => (deliver = resolve));
	const listener = defineService(defineContract({ name: "ledger-listener", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(LedgerContract, inbox, { created: async event => deliver(event.payload) })],
		stopped: () => inbox.close()
	});
	const broker = await startTestBroker(t, { services: [createLedgerService(database), listener] });
	const { id } = await client(broker, LedgerContract).create({ name: "First" });
	assert.deepEqual(await database.db.selectFrom("ledger").select(["id", "name"]).execute(), [{ id, name: "First" }]);
	// The relay publishes the committed event to the channel, and the consumer's handler resolves this.
	assert.deepEqual(await delivered, { id, name: "First" });
});

test("ledger.get reads a stored row back; an unknown id is NOT_FOUND", async t => {
	const broker = await startTestBroker(t, { services: [createLedgerService(openLedgerDatabase("sqlite::memory:"))] });
	const api = client(broker, LedgerContract);
	const { id } = await api.create({ name: "Second" });
	assert.equal((await api.get({ id })).name, "Second");
	await assert.rejects(api.get({ id: "missing" }), (err: unknown) => err instanceof BackbeatError && err.code === "NOT_FOUND");
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
  "src/libraries/contract.ts",
  "src/libraries/database.ts",
  "src/libraries/service.ts",
  "src/playlists/contract.ts",
  "src/playlists/service.ts",
  "src/playlists/store.ts",
  "src/services.ts",
  "test/libraries.test.ts",
  "test/playlists.test.ts",
]
`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > package.json 1`] = `
{
  "name": "@backbeat/reference-services",
  "exports": { ".": "./dist/index.js" },
  "dependencies": {
    "@backbeat/sdk": "0.1.0",
    "better-sqlite3": "^12.0.0",
    "pg": "^8.0.0",
    "zod": "^4.1.0"
  }
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/index.ts 1`] = `
export { createServices } from "./services.js";
export { PlaylistsContract } from "./playlists/contract.js";
export { createPlaylistsService } from "./playlists/service.js";
export { PlaylistsStore } from "./playlists/store.js";
export { LibrariesContract } from "./libraries/contract.js";
export { createLibrariesService } from "./libraries/service.js";
export { openLibrariesDatabase } from "./libraries/database.js";
export type { LibrariesDatabase, LibrariesTables } from "./libraries/database.js";
// backbeat: exports end

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/libraries/contract.ts 1`] = `
import { defineContract } from "@backbeat/sdk";
import { z } from "zod";

/** The libraries service's API. Types come from these schemas; nothing is declared twice. */
export const LibrariesContract = defineContract({
	name: "libraries",
	version: 1,
	actions: {
		hello: {
			params: z.object({ name: z.string().min(1).max(100) }),
			returns: z.object({ greeting: z.string() }),
			idempotent: true,
			description: "Greets someone"
		},
		create: {
			params: z.object({ name: z.string().min(1).max(200) }),
			returns: z.object({ id: z.string() }),
			description: "Stores a new record and publishes 'created' in the same transaction"
		},
		get: {
			params: z.object({ id: z.string().min(1) }),
			returns: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
			idempotent: true,
			description: "Reads a stored record"
		},
		// backbeat: actions end
	},
	events: {
		created: {
			// Published through the outbox: after the commit, at least once, to durable consumers (consume()).
			payload: z.object({ id: z.string(), name: z.string() })
		},
		lent: {
			// Placeholder: describe the real payload; emitters and handlers follow its type.
			payload: z.object({ id: z.string() })
		},
		// backbeat: events end
	}
});

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/libraries/database.ts 1`] = `
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The libraries service's own tables (Kysely types); the SDK keeps its outbox tables in the same database. */
export interface LibrariesTables {
	libraries: { id: string; name: string; created_at: string };
}

export type LibrariesDatabase = Database<LibrariesTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-libraries",
		async up(db) {
			await db.schema
				.createTable("libraries")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("name", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the libraries database at \`url\`, by default LIBRARIES_DATABASE_URL, else
 * BACKBEAT_DATABASE_URL, else the SQLite file libraries.sqlite under BACKBEAT_DATA_DIR
 * (default ./data). For PostgreSQL, postgres://user@host:5432/db?schema=libraries
 * keeps the tables in a schema of their own.
 */
export function openLibrariesDatabase(url: string | undefined = process.env["LIBRARIES_DATABASE_URL"] || undefined): LibrariesDatabase {
	return openDatabase<LibrariesTables>({ name: "libraries", migrations, ...(url === undefined ? {} : { url }) });
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > src/libraries/service.ts 1`] = `
import { randomUUID } from "node:crypto";
import { BackbeatError, defineService, on, type ServiceDefinition } from "@backbeat/sdk";
import { LibrariesContract } from "./contract.js";
import { openLibrariesDatabase, type LibrariesDatabase } from "./database.js";

/** The libraries service on \`database\` (default: the one openLibrariesDatabase() opens), which it closes when it stops. */
export function createLibrariesService(database: LibrariesDatabase = openLibrariesDatabase()): ServiceDefinition {
	return defineService(LibrariesContract, {
		// Migrates the database when the service starts, and runs the relay that publishes committed events.
		outbox: { database },
		actions: {
			// ctx.params is typed from the contract and already validated.
			hello: ctx => ({ greeting: \`Hello, \${ctx.params.name}!\` }),
			// The row and its event commit together: if anything throws, neither is kept.
			create: ctx =>
				database.transaction(async tx => {
					const id = randomUUID();
					await tx.db.insertInto("libraries").values({ id, name: ctx.params.name, created_at: new Date().toISOString() }).execute();
					await tx.publish(LibrariesContract, "created", { id, name: ctx.params.name }, { key: id });
					return { id };
				}),
			get: async ctx => {
				const row = await database.db.selectFrom("libraries").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
				if (!row) throw new BackbeatError("NOT_FOUND", \`libraries record '\${ctx.params.id}' does not exist\`, { data: { id: ctx.params.id } });
				return { id: row.id, name: row.name, createdAt: row.created_at };
			},
			// backbeat: actions end
		},
		// Handlers of events (this contract's or another's); ctx.params is the validated payload.
		subscriptions: [
			on(LibrariesContract, {
				lent: () => {
					throw new BackbeatError("NOT_IMPLEMENTED", "the libraries.lent handler is not implemented yet");
				},
				// backbeat: event handlers end
			})
		],
		stopped: () => database.close()
	});
}

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
import { createLibrariesService } from "./libraries/service.js";
// backbeat: service imports end

export function createServices(): ServiceDefinition[] {
	return [
		createPlaylistsService(),
		createLibrariesService(),
		// backbeat: services end
	];
}

`

exports[`packages/cli/test/new-command.test.ts > TAP > reference-services files match their snapshots > test/libraries.test.ts 1`] = `
import { client, consume, defineContract, defineService, eventName, openDatabase, type PayloadIn, type PayloadOut } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { LibrariesContract } from "../src/libraries/contract.js";
import { openLibrariesDatabase } from "../src/libraries/database.js";
import { createLibrariesService } from "../src/libraries/service.js";

t.test("libraries.hello greets by name", async t => {
	const broker = await startTestBroker(t, { services: [createLibrariesService(openLibrariesDatabase("sqlite::memory:"))] });
	t.same(await client(broker, LibrariesContract).hello({ name: "Ada" }), { greeting: "Hello, Ada!" });
});

t.test("libraries.hello rejects an empty name with the failing field", async t => {
	const broker = await startTestBroker(t, { services: [createLibrariesService(openLibrariesDatabase("sqlite::memory:"))] });
	await t.rejects(client(broker, LibrariesContract).hello({ name: "" }), { code: "VALIDATION_FAILED", data: { issues: [{ path: "name" }] } });
});

t.test("libraries.create stores a row and publishes 'created' with it; a durable consumer receives the event", async t => {
	const database = openLibrariesDatabase("sqlite::memory:");
	// A consumer of 'created' with an inbox database of its own, as another service would have.
	const inbox = openDatabase({ url: "sqlite::memory:" });
	let deliver: (payload: PayloadOut<typeof LibrariesContract, "created">) => void = () => undefined;
	const delivered = new Promise<PayloadOut<typeof LibrariesContract, "created">>(resolve => (deliver = resolve));
	const listener = defineService(defineContract({ name: "libraries-listener", version: 1, actions: {} }), {
		actions: {},
		consumers: [consume(LibrariesContract, inbox, { created: async event => deliver(event.payload) })],
		stopped: () => inbox.close()
	});
	const broker = await startTestBroker(t, { services: [createLibrariesService(database), listener] });
	const { id } = await client(broker, LibrariesContract).create({ name: "First" });
	t.same(await database.db.selectFrom("libraries").select(["id", "name"]).execute(), [{ id, name: "First" }]);
	// The relay publishes the committed event to the channel, and the consumer's handler resolves this.
	t.same(await delivered, { id, name: "First" });
});

t.test("libraries.get reads a stored row back; an unknown id is NOT_FOUND", async t => {
	const broker = await startTestBroker(t, { services: [createLibrariesService(openLibrariesDatabase("sqlite::memory:"))] });
	const api = client(broker, LibrariesContract);
	const { id } = await api.create({ name: "Second" });
	t.equal((await api.get({ id })).name, "Second");
	await t.rejects(api.get({ id: "missing" }), { code: "NOT_FOUND" });
});

t.test("libraries handles lent (a stub: fails until the handler is written)", async t => {
	const broker = await startTestBroker(t, { services: [createLibrariesService(openLibrariesDatabase("sqlite::memory:"))] });
	const payload = { id: "example" } satisfies PayloadIn<typeof LibrariesContract, "lent">;
	// Runs this service's own handler and rejects if it throws (an emit would only log the error).
	await broker.getLocalService(LibrariesContract.fullName).emitLocalEventHandler(eventName(LibrariesContract, "lent"), payload);
	// Then check what the handler should have changed.
	t.pass("the handler ran");
});

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

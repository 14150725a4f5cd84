// What `new service --db` adds to a service, in either layout: a database
// module (tables, first migration, where the database is), contract members
// for a row written together with its outbox event, their handlers, and the
// database drivers in package.json. Snippets are written at indentation zero.
import { BackbeatError } from "@backbeat/sdk";
import { serviceNames } from "./names.js";

/** The drivers the SDK loads for SQLite (the default) and PostgreSQL, with the SDK's peer ranges. */
export const DATABASE_DEPENDENCIES: Readonly<Record<string, string>> = { "better-sqlite3": "^12.0.0", pg: "^8.0.0" };

export function databaseFile(name: string): string {
	const n = serviceNames(name);
	return `import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The ${name} service's own tables (Kysely types); the SDK keeps its outbox tables in the same database. */
export interface ${n.tables} {
	${n.table}: { id: string; name: string; created_at: string };
}

export type ${n.database} = Database<${n.tables}>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-${name}",
		async up(db) {
			await db.schema
				.createTable("${n.table}")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("name", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the ${name} database at \`url\`, by default ${n.databaseUrlVariable}, else
 * BACKBEAT_DATABASE_URL, else the SQLite file ${name}.sqlite under BACKBEAT_DATA_DIR
 * (default ./data). For PostgreSQL, postgres://user@host:5432/db?schema=${n.table}
 * keeps the tables in a schema of their own.
 */
export function ${n.openDatabase}(url: string | undefined = process.env["${n.databaseUrlVariable}"] || undefined): ${n.database} {
	return openDatabase<${n.tables}>({ name: "${name}", migrations, ...(url === undefined ? {} : { url }) });
}
`;
}

/** The contract's actions and event for the example row. */
export function databaseContractMembers(): { actions: string; events: string } {
	return {
		actions: `create: {
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
`,
		events: `created: {
	// Published through the outbox: after the commit, at least once, to durable consumers (consume()).
	payload: z.object({ id: z.string(), name: z.string() })
},
`
	};
}

/** Handlers of `create` and `get`, for a service whose database is in scope as `database`. */
export function databaseActions(name: string): string {
	const n = serviceNames(name);
	return `// The row and its event commit together: if anything throws, neither is kept.
create: ctx =>
	database.transaction(async tx => {
		const id = randomUUID();
		await tx.db.insertInto("${n.table}").values({ id, name: ctx.params.name, created_at: new Date().toISOString() }).execute();
		await tx.publish(${n.contract}, "created", { id, name: ctx.params.name }, { key: id });
		return { id };
	}),
get: async ctx => {
	const row = await database.db.selectFrom("${n.table}").selectAll().where("id", "=", ctx.params.id).executeTakeFirst();
	if (!row) throw new BackbeatError("NOT_FOUND", \`${name} record '\${ctx.params.id}' does not exist\`, { data: { id: ctx.params.id } });
	return { id: row.id, name: row.name, createdAt: row.created_at };
},
`;
}

/**
 * Adds the database drivers to a package.json's dependencies, keeping its
 * formatting: only the dependencies block is rewritten, sorted as npm sorts
 * it. A driver already listed (in any version) is left alone.
 */
export function addDatabaseDependencies(text: string, file: string): string {
	let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
	try {
		manifest = JSON.parse(text) as typeof manifest;
	} catch (error) {
		throw new BackbeatError(
			"PRECONDITION_FAILED",
			`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it, then run the command again`,
			{ data: { file } }
		);
	}
	const listed = { ...manifest.devDependencies, ...manifest.dependencies };
	const missing = Object.entries(DATABASE_DEPENDENCIES).filter(([name]) => !Object.hasOwn(listed, name));
	if (missing.length === 0) return text;
	const merged = Object.entries({ ...manifest.dependencies, ...Object.fromEntries(missing) }).sort(([a], [b]) =>
		a.localeCompare(b, "en")
	);
	// A top-level key: its indentation is the file's unit.
	const block = /^([ \t]+)"dependencies": \{[^}]*\}/m.exec(text);
	if (!block) return `${JSON.stringify({ ...manifest, dependencies: Object.fromEntries(merged) }, null, 2)}\n`;
	const unit = block[1]!;
	const entries = merged.map(([name, version]) => `${unit}${unit}${JSON.stringify(name)}: ${JSON.stringify(version)}`).join(",\n");
	return text.replace(block[0], `${unit}"dependencies": {\n${entries}\n${unit}}`);
}

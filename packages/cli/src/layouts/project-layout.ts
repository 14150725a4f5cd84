import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Change } from "../scaffold/plan.js";
import { addDatabaseDependencies, databaseFile } from "../templates/database-files.js";
import { databaseTestFile, makeDatabaseService } from "../templates/database-tests.js";
import { serviceNames } from "../templates/names.js";
import { contractFile, databaseServiceFile, registerService, serviceFile, serviceTestFile } from "../templates/service-files.js";
import type { Layout } from "./layout.js";

/** A project made by `backbeat new project`: src/services/<name>/, listed in src/services/index.ts, tested with node:test. */
export const projectLayout: Layout = {
	kind: "project",
	registry: "src/services/index.ts",
	testRunner: "node:test",
	files: name => ({
		contract: `src/services/${name}/contract.ts`,
		service: `src/services/${name}/service.ts`,
		test: `test/${name}.test.ts`,
		database: `src/services/${name}/database.ts`
	}),
	makeService: (name, { db }) => (db ? makeDatabaseService(name) : serviceNames(name).service),
	newService(name, options) {
		const files = this.files(name);
		return [
			{ kind: "create", path: files.contract, content: contractFile(name, options) },
			{ kind: "create", path: files.service, content: options.db ? databaseServiceFile(name, options) : serviceFile(name, options) },
			...(options.db ? [{ kind: "create", path: files.database, content: databaseFile(name) } as const] : []),
			{
				kind: "create",
				path: files.test,
				content: options.db
					? databaseTestFile(name, options, "node:test", `../src/services/${name}`)
					: serviceTestFile(name, options)
			},
			{
				kind: "edit",
				path: this.registry,
				describe: `register ${name}`,
				edit: index => registerService(index, name, this.registry, options)
			},
			...(options.db ? [databaseDriversChange()] : [])
		];
	},
	services: root => servicesIn(join(root, "src", "services"))
};

/** The edit that lists the database drivers in the package's dependencies. */
export function databaseDriversChange(): Change {
	return {
		kind: "edit",
		path: "package.json",
		describe: "add the database drivers better-sqlite3 and pg",
		edit: text => addDatabaseDependencies(text, "package.json")
	};
}

/** The folders under `dir` that hold a contract.ts. */
export function servicesIn(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.filter(entry => entry.isDirectory() && existsSync(join(dir, entry.name, "contract.ts")))
		.map(entry => entry.name)
		.sort();
}

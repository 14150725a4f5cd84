import { join } from "node:path";
import { databaseFile } from "../templates/database-files.js";
import { databaseTestFile, makeDatabaseService } from "../templates/database-tests.js";
import { serviceNames } from "../templates/names.js";
import {
	exportReferenceService,
	referenceServiceFile,
	referenceStoreFile,
	referenceTestFile,
	registerReferenceService
} from "../templates/reference-files.js";
import { contractFile, databaseServiceFile } from "../templates/service-files.js";
import type { Layout } from "./layout.js";
import { databaseDriversChange, servicesIn } from "./project-layout.js";

export const REFERENCE_PACKAGE = "@backbeat/reference-services";

/**
 * This repository's packages/reference-services: src/<name>/{contract,service,store}.ts
 * (database.ts instead of store.ts with --db), services made by factories,
 * listed in src/services.ts and exported from src/index.ts, tested with tap.
 */
export const referenceLayout: Layout = {
	kind: "reference-services",
	registry: "src/services.ts",
	testRunner: "tap",
	files: name => ({
		contract: `src/${name}/contract.ts`,
		service: `src/${name}/service.ts`,
		test: `test/${name}.test.ts`,
		database: `src/${name}/database.ts`
	}),
	makeService: (name, { db }) => (db ? makeDatabaseService(name) : `${serviceNames(name).factory}()`),
	newService(name, options) {
		const files = this.files(name);
		return [
			{ kind: "create", path: files.contract, content: contractFile(name, options) },
			{
				kind: "create",
				path: files.service,
				content: options.db ? databaseServiceFile(name, options) : referenceServiceFile(name, options)
			},
			options.db
				? { kind: "create", path: files.database, content: databaseFile(name) }
				: { kind: "create", path: `src/${name}/store.ts`, content: referenceStoreFile(name, options) },
			{
				kind: "create",
				path: files.test,
				content: options.db ? databaseTestFile(name, options, "tap", `../src/${name}`) : referenceTestFile(name, options)
			},
			{
				kind: "edit",
				path: this.registry,
				describe: `list ${name}`,
				edit: list => registerReferenceService(list, name, this.registry)
			},
			{
				kind: "edit",
				path: "src/index.ts",
				describe: `export ${name}`,
				edit: entry => exportReferenceService(entry, name, "src/index.ts", options)
			},
			...(options.db ? [databaseDriversChange()] : [])
		];
	},
	services: root => servicesIn(join(root, "src"))
};

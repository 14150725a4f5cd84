import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { contractFile, registerService, serviceFile, serviceNames, serviceTestFile } from "../templates/service-files.js";
import type { Layout } from "./layout.js";

/** A project made by `backbeat new project`: src/services/<name>/, listed in src/services/index.ts, tested with node:test. */
export const projectLayout: Layout = {
	kind: "project",
	registry: "src/services/index.ts",
	testRunner: "node:test",
	files: name => ({ contract: `src/services/${name}/contract.ts`, service: `src/services/${name}/service.ts`, test: `test/${name}.test.ts` }),
	makeService: name => serviceNames(name).service,
	newService(name, options) {
		const files = this.files(name);
		return [
			{ kind: "create", path: files.contract, content: contractFile(name, options) },
			{ kind: "create", path: files.service, content: serviceFile(name, options) },
			{ kind: "create", path: files.test, content: serviceTestFile(name, options) },
			{ kind: "edit", path: this.registry, describe: `register ${name}`, edit: index => registerService(index, name, this.registry) }
		];
	},
	services: root => servicesIn(join(root, "src", "services"))
};

/** The folders under `dir` that hold a contract.ts. */
export function servicesIn(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.filter(entry => entry.isDirectory() && existsSync(join(dir, entry.name, "contract.ts")))
		.map(entry => entry.name)
		.sort();
}

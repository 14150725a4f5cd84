import { camelCase, pascalCase } from "../names/validate-name.js";

/** Names used in a service's generated code. */
export function serviceNames(name: string) {
	const pascal = pascalCase(name);
	return {
		name,
		contract: `${pascal}Contract`,
		service: `${camelCase(name)}Service`,
		factory: `create${pascal}Service`,
		store: `${pascal}Store`,
		openDatabase: `open${pascal}Database`,
		database: `${pascal}Database`,
		tables: `${pascal}Tables`,
		table: name.replace(/-/g, "_"),
		databaseUrlVariable: `${name.replace(/-/g, "_").toUpperCase()}_DATABASE_URL`
	};
}

/** Indents every non-empty line by `depth` tabs. */
export function indent(text: string, depth: number): string {
	const prefix = "\t".repeat(depth);
	return text
		.split("\n")
		.map(line => (line === "" ? line : prefix + line))
		.join("\n");
}

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { backbeat, run, tempDir } from "./support/cli.js";

/** Replaces a generated stub's body (the NOT_IMPLEMENTED throw) with `implementation`, as a developer would. */
function implement(file: string, member: string, implementation: string): void {
	const source = readFileSync(file, "utf8");
	const stub = new RegExp(`${member}: \\(\\) => \\{\\n\\s*throw new BackbeatError\\("NOT_IMPLEMENTED", [^\\n]*\\n\\s*\\},`);
	if (!stub.test(source)) throw new Error(`no stub for ${member} in ${file}`);
	writeFileSync(file, source.replace(stub, `${member}: ${implementation},`));
}

// One project, installed once, carried through every step: installing is the slow part.
t.test("a generated project passes its tests after new service; add action|event stubs compile and fail until written", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "shop", "--service", "orders").status, 0);
	const root = join(cwd, "shop");
	t.match(
		readFileSync(join(root, "package.json"), "utf8"),
		/"@backbeat\/sdk": "file:.*packages\/sdk"/,
		"inside this repository it links the local SDK"
	);
	const npm = (...args: string[]) => run(root, "npm", args);
	const install = await npm("install", "--no-audit", "--no-fund", "--prefer-offline");
	t.equal(install.code, 0, install.output);

	const first = await npm("test");
	t.match(first.output, /# pass 2\n# fail 0/);
	t.equal(backbeat(root, "new", "service", "inventory").status, 0);
	t.equal(backbeat(root, "new", "service", "billing", "--no-example", "--action", "charge").status, 0);
	t.match(readFileSync(join(root, "src/services/index.ts"), "utf8"), /ordersService,\n\tinventoryService,\n\tbillingService,\n/);
	const added = [backbeat(root, "add", "action", "orders", "addItem"), backbeat(root, "add", "event", "orders", "itemAdded")];
	for (const result of added) t.equal(result.status, 0, result.stderr);

	const build = await npm("run", "build");
	t.equal(build.code, 0, `the stubs type-check:\n${build.output}`);
	const red = await npm("test");
	t.not(red.code, 0, "npm test fails while the stubs are unwritten");
	t.match(red.output, /# pass 5\n# fail 3/, "the example tests and billing's start pass; the three stubs fail");
	t.equal(red.output.match(/error: '[^']* is not implemented yet'/g)?.length, 3, "each fails because its handler is not implemented");

	implement(join(root, "src/services/orders/service.ts"), "addItem", "ctx => ({ id: ctx.params.id })");
	implement(
		join(root, "src/services/orders/service.ts"),
		"itemAdded",
		'ctx => {\n\t\t\t\tif (ctx.params.id === "") throw new Error("no id");\n\t\t\t}'
	);
	implement(join(root, "src/services/billing/service.ts"), "charge", "async ctx => ({ id: ctx.params.id })");
	const green = await npm("test");
	t.equal(green.code, 0, green.output);
	t.match(green.output, /# pass 8\n# fail 0/);
});

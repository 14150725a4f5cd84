import { builtinModules } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import t from "tap";

const sdkDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const builtins = new Set(builtinModules);

/** Fails the bundle on any import of Moleculer or of a Node built-in, naming the file that made it. */
const forbidServerModules: Plugin = {
	name: "forbid-server-modules",
	setup(build) {
		build.onResolve({ filter: /.*/ }, ({ path, importer }) => {
			const bare = path.startsWith("node:") ? path : path.split("/")[0];
			const forbidden =
				path.startsWith("node:") || builtins.has(path) || builtins.has(bare ?? "") || /^moleculer(?:-|\/|$)/.test(path);
			if (!forbidden) return undefined;
			return { errors: [{ text: `'${path}' imported by ${importer ? relative(sdkDir, importer) : "the entry"}` }] };
		});
	}
};

/** Bundles `source` (resolved from the sdk's folder) for the browser; the errors are the forbidden imports it reached. */
async function bundleForBrowser(source: string): Promise<{ errors: string[]; code: string; inputs: string[] }> {
	try {
		const result = await build({
			stdin: { contents: source, resolveDir: sdkDir, loader: "ts", sourcefile: "browser-entry.ts" },
			bundle: true,
			platform: "browser",
			format: "esm",
			write: false,
			logLevel: "silent",
			metafile: true,
			absWorkingDir: sdkDir,
			plugins: [forbidServerModules]
		});
		return { errors: [], code: result.outputFiles[0]?.text ?? "", inputs: Object.keys(result.metafile.inputs) };
	} catch (failure) {
		const errors = (failure as { errors?: { text: string }[] }).errors;
		if (!errors) throw failure;
		return { errors: errors.map(error => error.text), code: "", inputs: [] };
	}
}

t.test("the http entry and a contract module bundle for the browser without Moleculer or node: modules", async t => {
	const { errors, code, inputs } = await bundleForBrowser(`
		import { httpClient } from "./src/http/index.ts";
		import { ShopContract } from "./test/support/shop-contract.ts";
		export const clientOf = fetch => httpClient(ShopContract, { baseUrl: "/api", token: "tok", fetch });
	`);
	t.same(errors, [], "no forbidden import was reached");
	t.same(
		inputs.filter(
			input =>
				!/^(?:src\/(?:contract|errors|schema|http)\/|test\/support\/shop-contract\.ts$|.*node_modules\/zod\/|browser-entry\.ts$)/.test(
					input
				)
		),
		[],
		"only the contract, errors, schema and http folders, the contract module and zod are bundled"
	);

	// The bundle runs on its own: a call builds the request the gateway expects.
	const { clientOf } = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
	const seen: { url: string; init: { headers: Record<string, string> } }[] = [];
	const api = clientOf(async (url: string, init: { headers: Record<string, string> }) => {
		seen.push({ url, init });
		return { status: 200, headers: { get: () => "application/json" }, text: async () => '{"echo":{}}' };
	});
	t.same(await api.listItems({ tags: ["a", "b"], inStock: true }), { echo: {} });
	t.equal(seen[0]?.url, "/api/items?tags=a,b&inStock=true");
	t.equal(seen[0]?.init.headers["authorization"], "Bearer tok");
});

t.test("the check can fail: the main entry reaches Moleculer and node: modules", async t => {
	const { errors } = await bundleForBrowser(`export { defineContract } from "./src/index.ts";`);
	t.ok(
		errors.some(error => error.startsWith("'moleculer'")),
		"moleculer is reported"
	);
	t.ok(
		errors.some(error => error.startsWith("'node:")),
		"a node: module is reported"
	);
});

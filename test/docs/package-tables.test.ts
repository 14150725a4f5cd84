// The READMEs' lists of what exists stay true as the repository grows: the
// root README's package table names every workspace package, and the
// reference platform's "present today" table names exactly the services
// `createServices()` starts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServices } from "@backbeat/reference-services";
import t from "tap";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");

/** First-column entries of the Markdown table after `anchor`, without backticks and link syntax. */
function firstColumn(text: string, anchor: string): string[] {
	const lines = text.slice(text.indexOf(anchor)).split("\n");
	const start = lines.findIndex(line => line.startsWith("|"));
	const rows: string[] = [];
	for (const line of lines.slice(start + 2)) {
		if (!line.startsWith("|")) break;
		const cell = line.split("|")[1]?.trim() ?? "";
		rows.push(cell.replace(/^\[([^\]]+)\]\([^)]*\)$/, "$1").replace(/`/g, ""));
	}
	return rows;
}

t.test("the root README's package table has a row for every workspace package, and no other", async t => {
	const workspaces = JSON.parse(read("package.json")).workspaces as string[];
	const packages = workspaces.flatMap(pattern => {
		if (!pattern.endsWith("/*")) return [pattern];
		const parent = pattern.slice(0, -2);
		return readdirSync(join(repoRoot, parent))
			.filter(name => existsSync(join(repoRoot, parent, name, "package.json")))
			.map(name => `${parent}/${name}`);
	});
	const names = packages.map(path => (JSON.parse(read(`${path}/package.json`)) as { name: string }).name);
	const listed = firstColumn(read("README.md"), "## Packages");
	// A row names a published package by its npm name, the others by their folder.
	const expected = packages.map((path, i) => (path.startsWith("packages/") ? names[i]! : path)).sort();
	t.same([...listed].sort(), expected);
});

t.test("the reference platform's README lists exactly the services createServices() starts", async t => {
	// The services open their databases at once: in a folder of this test's own.
	const dataDir = mkdtempSync(join(tmpdir(), "backbeat-package-tables-"));
	const previous = process.env["BACKBEAT_DATA_DIR"];
	process.env["BACKBEAT_DATA_DIR"] = dataDir;
	t.teardown(() => {
		if (previous === undefined) delete process.env["BACKBEAT_DATA_DIR"];
		else process.env["BACKBEAT_DATA_DIR"] = previous;
		rmSync(dataDir, { recursive: true, force: true });
	});
	const running = createServices()
		.map(service => service.name)
		.sort();
	const listed = firstColumn(read("packages/reference-services/README.md"), "Present today").sort();
	t.same(listed, running);
});

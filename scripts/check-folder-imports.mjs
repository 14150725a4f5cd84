// Fails when feature folders of a package import each other's values in a
// loop, two folders in both directions or a longer ring (type-only imports are
// erased at build time and don't count). Folders must read in one direction: contracts and errors at the
// bottom, composition roots (broker, service) on top.
//
//   node scripts/check-folder-imports.mjs [src-dir ...]   (default: packages/sdk/src)
//   --graph   also print every folder -> folder value edge with the files behind it
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const printGraph = args.includes("--graph");
// --types: count type-only imports as well (a stricter view than the build's)
const withTypes = args.includes("--types");
const roots = args.filter(arg => !arg.startsWith("--"));
if (roots.length === 0) roots.push(join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "sdk", "src"));

/** Every `.ts` file under `dir`. */
function sourceFiles(dir) {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
	});
}

// `import type {…}` and `export type {…}` carry no runtime value; an import
// whose every name is `type X` is erased by verbatimModuleSyntax as well.
const IMPORT = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["'](\.[^"']+)["']/gms;

/** `{ type A, type B }`: every named import is a type, so nothing is imported at run time. */
function isTypeOnlyClause(clause) {
	const named = /^\{([^}]*)\}$/s.exec(clause.trim());
	if (!named) return false;
	const names = named[1]
		.split(",")
		.map(name => name.trim())
		.filter(Boolean);
	return names.length > 0 && names.every(name => name.startsWith("type "));
}

function valueImports(file) {
	const text = readFileSync(file, "utf8");
	const targets = [];
	for (const match of text.matchAll(IMPORT)) {
		const [, , typeOnly, clause = "", specifier = ""] = match;
		if (!withTypes && (typeOnly || isTypeOnlyClause(clause))) continue;
		targets.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
	}
	return targets;
}

/** The feature folder of a file: its first path segment under the root ("" for the root's own files). */
function folderOf(root, file) {
	const parts = relative(root, file).split(sep);
	return parts.length > 1 ? parts[0] : "";
}

/**
 * One shortest loop through each strongly connected group of folders (Tarjan),
 * so a report names the files to move rather than every path through the group.
 */
function cyclesOf(edges) {
	const next = new Map();
	for (const edge of edges.keys()) {
		const [from, to] = edge.split(" -> ");
		next.set(from, [...(next.get(from) ?? []), to]);
	}
	const index = new Map();
	const low = new Map();
	const stack = [];
	const groups = [];
	const visit = node => {
		index.set(node, index.size);
		low.set(node, index.get(node));
		stack.push(node);
		for (const to of next.get(node) ?? []) {
			if (!index.has(to)) {
				visit(to);
				low.set(node, Math.min(low.get(node), low.get(to)));
			} else if (stack.includes(to)) low.set(node, Math.min(low.get(node), index.get(to)));
		}
		if (low.get(node) === index.get(node)) {
			const group = [];
			let member;
			do {
				member = stack.pop();
				group.push(member);
			} while (member !== node);
			if (group.length > 1) groups.push(group);
		}
	};
	for (const node of next.keys()) if (!index.has(node)) visit(node);
	return groups.map(group => shortestLoop(group, next));
}

function shortestLoop(group, next) {
	const members = new Set(group);
	const start = group[0];
	const previous = new Map([[start, undefined]]);
	const queue = [start];
	while (queue.length > 0) {
		const node = queue.shift();
		for (const to of next.get(node) ?? []) {
			if (!members.has(to)) continue;
			if (to === start) {
				const loop = [];
				for (let at = node; at !== undefined; at = previous.get(at)) loop.unshift(at);
				return loop;
			}
			if (!previous.has(to)) {
				previous.set(to, node);
				queue.push(to);
			}
		}
	}
	return group;
}

let failures = 0;
for (const rootArg of roots) {
	const root = resolve(rootArg);
	/** "from -> to" => files behind the edge */
	const edges = new Map();
	for (const file of sourceFiles(root)) {
		const from = folderOf(root, file);
		for (const target of valueImports(file)) {
			const to = folderOf(root, target);
			if (from === to || from === "" || to === "") continue;
			const key = `${from} -> ${to}`;
			const list = edges.get(key) ?? [];
			list.push(`${relative(root, file)} -> ${relative(root, target)}`);
			edges.set(key, list);
		}
	}
	if (printGraph) {
		for (const [edge, files] of [...edges].sort()) console.log(`${edge}\n    ${files.join("\n    ")}`);
	}
	for (const cycle of cyclesOf(edges)) {
		failures++;
		console.error(
			`${rootArg}: these folders import each other's ${withTypes ? "values or types" : "values"} in a loop: ${cycle.join(" -> ")} -> ${cycle[0]}`
		);
		for (let i = 0; i < cycle.length; i++) {
			const edge = `${cycle[i]} -> ${cycle[(i + 1) % cycle.length]}`;
			for (const line of edges.get(edge) ?? []) console.error(`    ${line}`);
		}
	}
}
if (failures > 0) {
	console.error(`\n${failures} loop(s) between folders; move the shared piece to the lowest folder that needs it.`);
	process.exit(1);
}
console.log(`folder imports: no folders import each other's values in a loop (${roots.join(", ")})`);

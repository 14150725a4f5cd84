import { BackbeatError } from "@backbeat/sdk";

/**
 * Comments the templates leave where the CLI adds code later. Each one is
 * the last line of the list it extends, so an insertion goes right before it
 * at its indentation.
 */
export const MARKERS = {
	serviceImports: "// backbeat: service imports end",
	services: "// backbeat: services end",
	exports: "// backbeat: exports end",
	actions: "// backbeat: actions end",
	events: "// backbeat: events end",
	eventHandlers: "// backbeat: event handlers end"
} as const;

export type Marker = (typeof MARKERS)[keyof typeof MARKERS];

function markerLine(lines: readonly string[], marker: Marker, file: string): number {
	const found = lines.flatMap((line, i) => (line.trim() === marker ? [i] : []));
	if (found.length !== 1) {
		const problem = found.length === 0 ? "has no" : "has more than one";
		throw new BackbeatError(
			"PRECONDITION_FAILED",
			`${file} ${problem} '${marker}' line, so the CLI can't tell where the code goes: add it by hand, or put the marker back as the last line of its list`,
			{
				data: { file, marker }
			}
		);
	}
	return found[0]!;
}

/**
 * Inserts `block` (lines written at indentation zero) just before the marker
 * line, at the marker's indentation. When the block adds list items (its
 * last line ends with a comma) and the item before it has none, as a
 * formatter without trailing commas leaves it, that item gets one.
 */
export function insertAtMarker(text: string, marker: Marker, block: string, file: string): string {
	const lines = text.split("\n");
	const at = markerLine(lines, marker, file);
	const indent = /^\s*/.exec(lines[at]!)![0];
	const inserted = block.split("\n").map(line => (line === "" ? line : indent + line));
	if (/,\s*$/.test(block.trimEnd())) {
		let previous = at - 1;
		while (previous >= 0 && (lines[previous]!.trim() === "" || lines[previous]!.trim().startsWith("//"))) previous--;
		if (previous >= 0 && !/[,[{(]\s*$/.test(lines[previous]!)) lines[previous] = `${lines[previous]!.replace(/\s+$/, "")},`;
	}
	lines.splice(at, 0, ...inserted);
	return lines.join("\n");
}

/**
 * The keys of the object literal a marker closes: the names at the marker's
 * indentation between the line that opens the list (`opener`) and the marker.
 */
export function keysAtMarker(text: string, marker: Marker, opener: RegExp, file: string): string[] {
	const lines = text.split("\n");
	const end = markerLine(lines, marker, file);
	const indent = /^\s*/.exec(lines[end]!)![0];
	let start = end;
	while (start > 0 && !opener.test(lines[start - 1]!)) start--;
	const key = new RegExp(`^${indent}([A-Za-z_$][\\w$]*)\\s*:`);
	return lines.slice(start, end).flatMap(line => {
		const match = key.exec(line);
		return match ? [match[1]!] : [];
	});
}

const bare = (name: string) => name.replace(/^type\s+/, "");

/** Names of one import line, without repeats, sorted as the templates write them (`type X` sorts as X, case aside). */
export function importList(names: readonly string[]): string {
	const unique = names.filter((name, i) => names.findIndex(other => bare(other) === bare(name)) === i);
	return unique.sort((a, b) => bare(a).localeCompare(bare(b), "en", { sensitivity: "base" })).join(", ");
}

/**
 * Makes sure `import { …names } from "module"` holds every name (a name may
 * be `type X`), extending the existing value import or adding one after the
 * last import. Names stay sorted, as the templates write them.
 */
export function ensureImports(text: string, module: string, names: readonly string[]): string {
	const pattern = new RegExp(`^import \\{([^}]*)\\} from "${module.replace(/[/.]/g, "\\$&")}";$`, "m");
	const match = pattern.exec(text);
	const existing = match
		? match[1]!
				.split(",")
				.map(name => name.trim())
				.filter(Boolean)
		: [];
	const missing = names.filter(name => !existing.some(have => bare(have) === bare(name)));
	if (missing.length === 0) return text;
	const line = `import { ${importList([...existing, ...missing])} } from "${module}";`;
	if (match) return text.replace(match[0], line);
	const imports = [...text.matchAll(/^import [^\n]*;$/gm)];
	const last = imports[imports.length - 1];
	if (!last) return `${line}\n${text}`;
	const end = last.index + last[0].length;
	return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

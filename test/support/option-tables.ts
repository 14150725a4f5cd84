// Reads the option tables of a README: the first Markdown table after an
// anchor line, as rows keyed by the option in backticks, with the first
// backticked value of the "default" column parsed as a literal.

export interface OptionRow {
	readonly option: string;
	/** The default cell as written. */
	readonly cell: string;
	/** Its first backticked value, parsed (numbers, booleans, strings, `{ a: 1 }` objects); undefined when it has none. */
	readonly value: unknown;
}

const splitRow = (line: string) =>
	line
		// A cell may hold an escaped pipe (`a \| b`): split only on the unescaped ones.
		.split(/(?<!\\)\|/)
		.slice(1, -1)
		.map(cell => cell.replace(/\\\|/g, "|").trim());

/** A backticked literal as a value: JSON, or a JS object literal with bare keys, else the text itself. */
export function parseLiteral(text: string): unknown {
	const json = text.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":');
	try {
		return JSON.parse(json);
	} catch {
		return text;
	}
}

export function optionTable(readme: string, anchor: string): Map<string, OptionRow> {
	const at = readme.indexOf(anchor);
	if (at < 0) throw new Error(`anchor not found: ${anchor}`);
	const lines = readme.slice(at).split("\n");
	const start = lines.findIndex(line => line.startsWith("|"));
	const table: string[] = [];
	for (const line of lines.slice(start)) {
		if (!line.startsWith("|")) break;
		table.push(line);
	}
	const [header = "", , ...body] = table;
	const column = splitRow(header).indexOf("default");
	if (column < 0) throw new Error(`the table after '${anchor}' has no "default" column`);
	const rows = new Map<string, OptionRow>();
	for (const line of body) {
		const cells = splitRow(line);
		const option = /^`([^`]+)`/.exec(cells[0] ?? "")?.[1];
		if (!option) continue;
		const cell = cells[column] ?? "";
		const literal = /`([^`]*)`/.exec(cell)?.[1];
		rows.set(option, { option, cell, value: literal === undefined ? undefined : parseLiteral(literal) });
	}
	return rows;
}

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toMarkdown, toSvg, type SuiteReport } from "./report.js";

/**
 * Writes one run's JSON and markdown under `<dir>/runs/`, and the suite's
 * latest JSON, markdown and SVG chart under `<dir>/latest/`.
 */
export function writeResults(dir: string, report: SuiteReport): string[] {
	const stamp = report.environment.date.replace(/[:.]/g, "-");
	const runs = join(dir, "runs");
	const latest = join(dir, "latest");
	mkdirSync(runs, { recursive: true });
	mkdirSync(latest, { recursive: true });
	const json = `${JSON.stringify(report, null, 2)}\n`;
	const markdown = toMarkdown(report);
	const files = [
		[join(runs, `${stamp}-${report.suite}.json`), json],
		[join(runs, `${stamp}-${report.suite}.md`), markdown],
		[join(latest, `${report.suite}.json`), json],
		[join(latest, `${report.suite}.md`), markdown],
		[join(latest, `${report.suite}.svg`), toSvg(report)]
	] as const;
	for (const [file, content] of files) writeFileSync(file, content);
	return files.map(([file]) => file);
}

const START = "<!-- benchmarks:start -->";
const END = "<!-- benchmarks:end -->";

/** Replaces the README's benchmark section with every suite's latest table (and chart). */
export function updateReadme(readmePath: string, resultsDir: string, resultsLink: string): void {
	const readme = readFileSync(readmePath, "utf8");
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`${readmePath} has no ${START} … ${END} section`);
	const latest = join(resultsDir, "latest");
	const tables = readdirSync(latest)
		.filter(file => file.endsWith(".md"))
		.sort()
		.map(file => {
			const suite = file.slice(0, -3);
			return `${readFileSync(join(latest, file), "utf8").trim()}\n\n![${suite}](${resultsLink}/latest/${suite}.svg)\n`;
		});
	writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${tables.join("\n")}\n${readme.slice(end)}`);
}

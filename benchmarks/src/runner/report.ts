import type { Environment } from "./environment.js";
import { ratio } from "./stats.js";
import type { Measurement, Suite } from "./suite.js";

export interface Row extends Measurement {
	/** opsPerSec / the group's baseline opsPerSec. */
	readonly ratio: number;
}

export interface SuiteReport {
	readonly suite: string;
	readonly description: string;
	readonly unit: string;
	readonly quick: boolean;
	readonly environment: Environment;
	readonly rows: readonly Row[];
	/** Findings listed under the table (targets met or missed); absent when the suite has none. */
	readonly notes?: readonly string[];
}

export function buildReport(
	suite: Suite,
	quick: boolean,
	environment: Environment,
	measurements: readonly Measurement[],
	notes: readonly string[] = []
): SuiteReport {
	const baselines = new Map<string, number>();
	for (const m of measurements) if (m.baseline) baselines.set(m.group, m.opsPerSec);
	return {
		suite: suite.name,
		description: suite.description,
		unit: suite.unit,
		quick,
		environment,
		rows: groupedInOrder(measurements).map(m => ({ ...m, ratio: ratio(m.opsPerSec, baselines.get(m.group)) })),
		...(notes.length ? { notes: [...notes] } : {})
	};
}

/** Rows of one group together, groups in the order they first appeared, rows in recorded order. */
function groupedInOrder(measurements: readonly Measurement[]): Measurement[] {
	const order = new Map<string, number>();
	for (const m of measurements) if (!order.has(m.group)) order.set(m.group, order.size);
	return measurements
		.map((m, index) => ({ m, index }))
		.sort((a, b) => order.get(a.m.group)! - order.get(b.m.group)! || a.index - b.index)
		.map(({ m }) => m);
}

const fmt = (value: number | undefined, digits = 0) =>
	value === undefined || Number.isNaN(value)
		? ""
		: value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function toMarkdown(report: SuiteReport): string {
	const extraKeys = [...new Set(report.rows.flatMap(r => Object.keys(r.extra ?? {})))];
	const header = ["group", "variant", report.unit, "ratio", "p50 ms", "p99 ms", ...extraKeys];
	const lines = [
		`### ${report.suite}${report.quick ? " (quick)" : ""}`,
		"",
		report.description,
		"",
		`${report.environment.date.slice(0, 10)} · Node ${report.environment.node} · moleculer ${report.environment.moleculer} · ${report.environment.cpu} · ${report.environment.cores} cores · ratio = ${report.unit} / the group's baseline (marked *)`,
		"",
		`| ${header.join(" | ")} |`,
		`|${header.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`
	];
	for (const row of report.rows) {
		const cells = [
			row.group,
			row.baseline ? `${row.variant} *` : row.variant,
			fmt(row.opsPerSec),
			fmt(row.ratio, 2),
			fmt(row.p50Ms, 2),
			fmt(row.p99Ms, 2),
			...extraKeys.map(k => {
				const v = row.extra?.[k];
				return typeof v === "number" ? fmt(v, Number.isInteger(v) ? 0 : 2) : (v ?? "");
			})
		];
		lines.push(`| ${cells.join(" | ")} |`);
	}
	if (report.notes?.length) lines.push("", ...report.notes.map(note => `- ${note}`));
	return `${lines.join("\n")}\n`;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A horizontal bar per row, its length relative to the fastest row of its
 * group (groups differ by orders of magnitude, in-process against network),
 * baselines in grey, a gap between groups.
 */
export function toSvg(report: SuiteReport): string {
	const barHeight = 16;
	const rowGap = 4;
	const groupGap = 10;
	const labelWidth = 16 + 6.2 * Math.max(10, ...report.rows.map(r => `${r.group} · ${r.variant}`.length));
	const chartWidth = 360;
	const groupMax = new Map<string, number>();
	for (const row of report.rows) groupMax.set(row.group, Math.max(groupMax.get(row.group) ?? 0, row.opsPerSec));
	let y = 40;
	let previousGroup: string | undefined;
	const bars = report.rows.map(row => {
		if (previousGroup !== undefined && row.group !== previousGroup) y += groupGap;
		previousGroup = row.group;
		const width = Math.max(1, (row.opsPerSec / (groupMax.get(row.group) || 1)) * chartWidth);
		const label = escapeXml(`${row.group} · ${row.variant}`);
		const value = `${fmt(row.opsPerSec)}${Number.isNaN(row.ratio) || row.baseline ? "" : ` (${fmt(row.ratio, 2)}×)`}`;
		const bar = [
			`<text x="${(labelWidth - 6).toFixed(0)}" y="${y + 12}" text-anchor="end">${label}</text>`,
			`<rect x="${labelWidth.toFixed(0)}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${row.baseline ? "#9aa0a6" : "#1a73e8"}"/>`,
			`<text x="${(labelWidth + width + 4).toFixed(0)}" y="${y + 12}">${escapeXml(value)}</text>`
		].join("");
		y += barHeight + rowGap;
		return bar;
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${(labelWidth + chartWidth + 140).toFixed(0)}" height="${y + 16}" font-family="sans-serif" font-size="11">`,
		`<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(`${report.suite}: ${report.unit}, bars relative to the fastest of each group (grey = baseline)`)}</text>`,
		...bars,
		"</svg>",
		""
	].join("\n");
}

import type { SpanJson, TraceJson } from "./trace-store.js";

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, c => ESCAPES[c] ?? c);
}

/** Spans in tree order (each parent before its children, siblings by start) with their depth. */
export function treeOrder(spans: readonly SpanJson[]): Array<{ span: SpanJson; depth: number }> {
	const ids = new Set(spans.map(s => s.spanId));
	const children = new Map<string, SpanJson[]>();
	const roots: SpanJson[] = [];
	for (const span of spans) {
		if (span.parentSpanId !== undefined && ids.has(span.parentSpanId)) {
			const list = children.get(span.parentSpanId) ?? [];
			list.push(span);
			children.set(span.parentSpanId, list);
		} else roots.push(span);
	}
	const byStart = (a: SpanJson, b: SpanJson) => a.startTimeMs - b.startTimeMs;
	const ordered: Array<{ span: SpanJson; depth: number }> = [];
	const visit = (span: SpanJson, depth: number) => {
		ordered.push({ span, depth });
		for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
	};
	for (const root of roots.sort(byStart)) visit(root, 0);
	return ordered;
}

/**
 * A small self-contained HTML page (no scripts, no external files) drawing
 * one trace as a waterfall: one row per span, indented under its parent, with
 * a bar placed on the trace's time line. Failed spans are red.
 */
export function renderTraceWaterfall(trace: TraceJson): string {
	const total = Math.max(trace.durationMs, 0.001);
	const rows = treeOrder(trace.spans)
		.map(({ span, depth }) => {
			const left = ((span.startTimeMs - trace.startTimeMs) / total) * 100;
			const width = Math.max((span.durationMs / total) * 100, 0.3);
			const failed = span.status.code === "ERROR";
			const title = [
				`${span.name} (${span.kind})`,
				`service: ${span.service}`,
				`span ${span.spanId}${span.parentSpanId ? ` ← ${span.parentSpanId}` : ""}`,
				...Object.entries(span.attributes).map(([k, v]) => `${k}: ${String(v)}`),
				...span.events.map(e => `event: ${e.name}`),
				...span.links.map(l => `link: ${l.traceId}/${l.spanId}`),
				...(span.status.message ? [`status: ${span.status.message}`] : [])
			].join("\n");
			return `<tr title="${escapeHtml(title)}"><td class="name" style="padding-left:${0.4 + depth * 1.2}em"><span class="kind">${escapeHtml(span.kind)}</span> ${escapeHtml(span.name)}<div class="svc">${escapeHtml(span.service)}</div></td><td class="bar"><div class="track"><div class="span${failed ? " failed" : ""}" style="left:${left.toFixed(3)}%;width:${Math.min(width, 100 - left).toFixed(3)}%"></div></div></td><td class="ms">${span.durationMs.toFixed(2)} ms</td></tr>`;
		})
		.join("\n");
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trace ${escapeHtml(trace.traceId)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.1em}
table{border-collapse:collapse;width:100%}
td{border-bottom:1px solid #eee;padding:.25em .4em;vertical-align:middle}
td.name{white-space:nowrap;width:30%}
.svc{color:#777;font-size:.8em}
.kind{font-size:.7em;color:#555;background:#eef;border-radius:3px;padding:0 .3em}
td.bar{width:60%}
.track{position:relative;height:14px;background:#f6f6f6}
.span{position:absolute;top:0;height:14px;background:#4a7bd0;border-radius:2px}
.span.failed{background:#d04a4a}
td.ms{text-align:right;white-space:nowrap;color:#555}
</style></head>
<body>
<h1>${escapeHtml(trace.name)} <small>${escapeHtml(trace.service)}</small></h1>
<p>Trace <code>${escapeHtml(trace.traceId)}</code> · ${trace.spanCount} spans · ${trace.durationMs.toFixed(2)} ms${trace.errorCount ? ` · ${trace.errorCount} failed` : ""} · <a href="../${encodeURIComponent(trace.traceId)}">JSON</a></p>
<table>
${rows}
</table>
</body></html>
`;
}

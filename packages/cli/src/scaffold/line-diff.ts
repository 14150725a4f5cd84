/**
 * A unified-style diff of two texts by lines, with `context` unchanged lines
 * around each change, so a dry run shows exactly what an edit does. Files the
 * CLI edits are small, so the quadratic longest-common-subsequence table is fine.
 */
export function lineDiff(before: string, after: string, context = 2): string {
	const a = before.split("\n");
	const b = after.split("\n");
	// lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
	const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	const ops: Array<{ sign: " " | "-" | "+"; line: string; at: number }> = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ sign: " ", line: a[i++]!, at: j++ });
		// Removals before additions, as diff(1) prints a changed line.
		else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ sign: "-", line: a[i++]!, at: j });
		else ops.push({ sign: "+", line: b[j]!, at: j++ });
	}
	const keep = ops.map((_, k) => ops.slice(Math.max(0, k - context), k + context + 1).some(near => near.sign !== " "));
	const out: string[] = [];
	ops.forEach((op, k) => {
		if (!keep[k]) return;
		if (k === 0 || !keep[k - 1]) out.push(`@@ line ${op.at + 1} @@`);
		out.push(`${op.sign} ${op.line}`);
	});
	return out.join("\n");
}

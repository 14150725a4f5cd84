// The Range header of a request for a file of `size` bytes (RFC 9110 §14):
// players seek by asking for byte ranges, and answer 206 or 416 from this.

/** What to send: the whole file (200), bytes `start`..`end` inclusive (206), or nothing (416). */
export type ByteRange = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

// RFC 9110 §14.1.1: an int-range ("100-", "0-499") or a suffix-range ("-500"); whitespace is allowed around each range.
const RANGE = /^\s*(\d*)\s*-\s*(\d*)\s*$/;

/**
 * The range to answer with. A header that is absent, malformed, in another
 * unit than `bytes`, or that has a range with last < first is ignored (the
 * full file: RFC 9110 §14.2 lets a server ignore any Range header). Several
 * ranges (`bytes=0-1,5-6`) are answered with the first satisfiable one alone,
 * as a single-part 206: §14.2 allows answering fewer ranges than asked, and
 * the players never ask for several, so no multipart/byteranges body.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
	if (header === undefined) return { kind: "full" };
	const unit = /^\s*bytes\s*=(.*)$/i.exec(header);
	if (!unit) return { kind: "full" };
	const specs = (unit[1] ?? "").split(",");
	const ranges: { start: number; end: number }[] = [];
	for (const spec of specs) {
		// Empty list elements are allowed by the list syntax (RFC 9110 §5.6.1).
		if (spec.trim() === "") continue;
		const match = RANGE.exec(spec);
		if (!match) return { kind: "full" };
		const [, first = "", last = ""] = match;
		if (first === "" && last === "") return { kind: "full" };
		if (first === "") {
			// Suffix: the last N bytes; all of the file when N is larger; "-0" asks for nothing (§14.1.3).
			const length = Number(last);
			if (length > 0 && size > 0) ranges.push({ start: Math.max(0, size - length), end: size - 1 });
			continue;
		}
		const start = Number(first);
		const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
		if (last !== "" && Number(last) < start) return { kind: "full" };
		if (start < size) ranges.push({ start, end });
	}
	const chosen = ranges[0];
	if (chosen) return { kind: "partial", ...chosen };
	// A header with no range at all (`bytes=`) is malformed; one whose ranges all miss the file is unsatisfiable.
	return specs.some(spec => spec.trim() !== "") ? { kind: "unsatisfiable" } : { kind: "full" };
}

// Range headers (RFC 9110 §14) for a 1,000-byte file: what the audio route answers with 200, 206 or 416.
import t from "tap";
import { parseRange } from "../src/streaming/audio/range.js";

const SIZE = 1000;
const partial = (start: number, end: number) => ({ kind: "partial", start, end });
const full = { kind: "full" };
const unsatisfiable = { kind: "unsatisfiable" };

t.test("single ranges", async t => {
	t.same(parseRange("bytes=0-0", SIZE), partial(0, 0), "the first byte");
	t.same(parseRange("bytes=-1", SIZE), partial(999, 999), "the last byte");
	t.same(parseRange("bytes=-500", SIZE), partial(500, 999), "the last 500 bytes");
	t.same(parseRange("bytes=-5000", SIZE), partial(0, 999), "a suffix longer than the file is all of it");
	t.same(parseRange("bytes=100-", SIZE), partial(100, 999), "open-ended");
	t.same(parseRange("bytes=0-499", SIZE), partial(0, 499));
	t.same(parseRange("bytes=500-99999", SIZE), partial(500, 999), "an end past the file is clamped");
	t.same(parseRange("bytes=999-999", SIZE), partial(999, 999));
	t.same(parseRange("Bytes = 5 - 9 ", SIZE), partial(5, 9), "the unit is case-insensitive, whitespace allowed");
});

t.test("ranges the file cannot satisfy", async t => {
	t.same(parseRange("bytes=1000-", SIZE), unsatisfiable, "start at the size");
	t.same(parseRange("bytes=1000-2000", SIZE), unsatisfiable, "start past the end");
	t.same(parseRange("bytes=-0", SIZE), unsatisfiable, "an empty suffix");
	t.same(parseRange("bytes=0-", 0), unsatisfiable, "any range of an empty file");
	t.same(parseRange("bytes=-10", 0), unsatisfiable);
	t.same(parseRange("bytes=2000-3000,1500-", SIZE), unsatisfiable, "no range of several fits");
});

t.test("headers that are ignored: the whole file", async t => {
	t.same(parseRange(undefined, SIZE), full, "no header");
	for (const header of [
		"",
		"bytes",
		"bytes=",
		"bytes=-",
		"bytes=abc",
		"bytes=5-1",
		"bytes=1-2-3",
		"bytes=0x10-",
		"bytes=1.5-2",
		"items=0-10",
		"0-10",
		"bytes=0-1,x"
	]) {
		t.same(parseRange(header, SIZE), full, JSON.stringify(header));
	}
});

t.test("several ranges are answered with the first satisfiable one", async t => {
	t.same(parseRange("bytes=0-1,5-6", SIZE), partial(0, 1));
	t.same(parseRange("bytes=5-6,0-1", SIZE), partial(5, 6), "first in the header's order, not the file's");
	t.same(parseRange("bytes=2000-,-10", SIZE), partial(990, 999), "an unsatisfiable range is passed over");
	t.same(parseRange("bytes=,0-1", SIZE), partial(0, 1), "empty list elements are allowed");
});

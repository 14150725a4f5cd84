import t from "tap";
import { fullJitterDelay } from "../../src/resilience/backoff.js";
import { seededRandom } from "../../src/testing/index.js";

t.test("full jitter: delays spread over [0, min(cap, base·2^n)) and never exceed the cap", async t => {
	const random = seededRandom(42);
	const options = { baseMs: 100, capMs: 1000 };
	for (const retry of [0, 1, 2, 3, 4, 8]) {
		const ceiling = Math.min(options.capMs, options.baseMs * 2 ** retry);
		const deciles = new Array<number>(10).fill(0);
		let min = Infinity;
		let max = 0;
		for (let i = 0; i < 10_000; i++) {
			const delay = fullJitterDelay(retry, options, random);
			min = Math.min(min, delay);
			max = Math.max(max, delay);
			deciles[Math.floor((delay / ceiling) * 10)]! += 1;
		}
		t.ok(min >= 0 && max < ceiling, `retry ${retry}: all delays in [0, ${ceiling}): saw ${min}..${max}`);
		t.ok(min <= ceiling * 0.02 && max >= ceiling * 0.98, `retry ${retry}: the whole range is used`);
		// Uniform: each tenth of the range gets about 1,000 of 10,000 samples.
		t.ok(
			deciles.every(count => count > 850 && count < 1150),
			`retry ${retry}: deciles ${deciles.join(",")}`
		);
	}
});

t.test("the ceiling doubles per retry until the cap", async t => {
	const top = () => 0.999999;
	t.same(
		[0, 1, 2, 3, 4, 5].map(retry => fullJitterDelay(retry, { baseMs: 50, capMs: 1000 }, top)),
		[49, 99, 199, 399, 799, 999]
	);
});

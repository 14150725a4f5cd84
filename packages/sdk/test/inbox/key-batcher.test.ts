import t from "tap";
import { KeyBatcher } from "../../src/inbox/key-batcher.js";

interface Item {
	readonly key: string;
	readonly seq: number;
}

/** A batcher whose batches finish only when the test says so. */
function controlledBatcher(maxSize: number, concurrency: number) {
	const batches: Item[][] = [];
	const finishers: ((error?: Error) => void)[] = [];
	const batcher = new KeyBatcher<Item>(maxSize, concurrency, items => {
		batches.push(items);
		return new Promise<void>((resolve, reject) => finishers.push(error => (error ? reject(error) : resolve())));
	});
	const submit = (key: string, seq: number) => batcher.submit(key, { key, seq });
	return { batches, finishers, submit };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

t.test("an item starts alone at once while a slot is free; items arriving meanwhile form the next batch", async t => {
	const { batches, finishers, submit } = controlledBatcher(10, 1);
	const done = [submit("a", 0), submit("b", 0), submit("c", 0), submit("d", 0)];
	t.same(batches, [[{ key: "a", seq: 0 }]], "the first item did not wait for company");
	finishers[0]!();
	await flush();
	t.same(
		batches[1]?.map(i => i.key),
		["b", "c", "d"],
		"the rest went together"
	);
	finishers[1]!();
	await Promise.all(done);
});

t.test("batches never exceed the maximum size and never hold more than `concurrency` at once", async t => {
	const { batches, finishers, submit } = controlledBatcher(3, 2);
	const done = Array.from({ length: 10 }, (_, i) => submit(`k${i}`, 0));
	t.same(
		batches.map(b => b.length),
		[1, 1],
		"the first two started alone, in the two slots; eight wait"
	);
	finishers[0]!();
	await flush();
	t.equal(batches.length, 3, "one more after one finished");
	t.equal(batches[2]?.length, 3);
	for (let i = 1; i < 5; i++) {
		finishers[i]!();
		await flush();
	}
	await Promise.all(done);
	t.same(
		batches.map(b => b.length),
		[1, 1, 3, 3, 2],
		"all 10 items, at most 3 per batch"
	);
});

t.test("a key busy in a running batch waits; later items of that key never overtake earlier ones", async t => {
	const { batches, finishers, submit } = controlledBatcher(10, 2);
	const done = [submit("a", 0), submit("a", 1), submit("b", 0), submit("a", 2), submit("b", 1)];
	// a0 runs; a1 must wait for a0, b0 can run beside it in the second slot.
	t.same(batches, [[{ key: "a", seq: 0 }], [{ key: "b", seq: 0 }]]);
	finishers[0]!();
	await flush();
	t.same(
		batches[2],
		[
			{ key: "a", seq: 1 },
			{ key: "a", seq: 2 }
		],
		"a's next items together, in order; b1 waits for b0"
	);
	finishers[1]!();
	await flush();
	t.same(batches[3], [{ key: "b", seq: 1 }]);
	finishers[2]!();
	finishers[3]!();
	await Promise.all(done);
	const order = batches
		.flat()
		.filter(i => i.key === "a")
		.map(i => i.seq);
	t.same(order, [0, 1, 2], "a in arrival order");
});

t.test("a failed batch rejects exactly its own items, and the batcher goes on", async t => {
	const { batches, finishers, submit } = controlledBatcher(10, 1);
	const first = submit("a", 0);
	const second = [submit("b", 0), submit("c", 0)];
	finishers[0]!(new Error("database went away"));
	await t.rejects(first, /database went away/);
	await flush();
	t.equal(batches.length, 2, "the next batch started after the failure");
	finishers[1]!();
	await Promise.all(second);
	t.same(
		batches[1]?.map(i => i.key),
		["b", "c"]
	);
});

// The in-process channel adapter of embedded mode: consumer groups, late
// groups get earlier messages, rejected messages are redelivered, a stopped
// adapter refuses instead of dropping.
import t from "tap";
import { eventually, startTestBroker } from "../../src/testing/index.js";

function channelService(name: string, group: string, handler: (message: unknown) => Promise<void>) {
	return { name, channels: { "orders.placed": { group, handler } } };
}

t.test("groups share, late groups catch up, rejections are redelivered", async t => {
	const broker = await startTestBroker(t);
	for (let i = 0; i < 3; i++) await broker.sendToChannel("orders.placed", { n: i });
	const billing: unknown[] = [];
	let failedOnce = false;
	await broker.createService(
		channelService("billing", "billing", async message => {
			if (!failedOnce) {
				failedOnce = true;
				throw new Error("first delivery fails");
			}
			billing.push(message);
		})
	);
	const shippingA: unknown[] = [];
	const shippingB: unknown[] = [];
	await broker.createService(channelService("shipping-a", "shipping", async m => void shippingA.push(m)));
	await broker.createService(channelService("shipping-b", "shipping", async m => void shippingB.push(m)));
	for (let i = 3; i < 6; i++) await broker.sendToChannel("orders.placed", { n: i });
	await eventually(() => billing.length >= 6 && shippingA.length + shippingB.length >= 6, { what: "six messages in each group" });
	t.equal(billing.length, 6, "the group that joined late got all six, the rejected one again");
	t.same(new Set(billing.map(m => (m as { n: number }).n)), new Set([0, 1, 2, 3, 4, 5]));
	t.equal(shippingA.length + shippingB.length, 6, "members of one group share the messages: each handled once");
	t.ok(shippingA.length > 0 && shippingB.length > 0, `both members got some (${shippingA.length}/${shippingB.length})`);
	await broker.stop();
	const refused = await broker.sendToChannel("orders.placed", { n: 9 }).then(
		() => "sent",
		(error: unknown) => String(error)
	);
	t.match(refused, /not connected/, "a stopped adapter refuses");
});

t.test("a subscriber handles up to the broker's channels.maxInFlight messages at once (regression: it was always 1)", async t => {
	const broker = await startTestBroker(t, { channels: { url: "in-process", maxInFlight: 5 } });
	let running = 0;
	let most = 0;
	let handled = 0;
	const gate: (() => void)[] = [];
	await broker.createService(
		channelService("billing", "billing", async () => {
			most = Math.max(most, ++running);
			// Held until the test has seen how many run together.
			await new Promise<void>(resolve => gate.push(resolve));
			running--;
			handled++;
		})
	);
	for (let i = 0; i < 12; i++) await broker.sendToChannel("orders.placed", { n: i });
	// Releases whoever is waiting, each time, until all twelve are through.
	await eventually(
		() => {
			for (const release of gate.splice(0)) release();
			return handled === 12;
		},
		{ intervalMs: 5, what: "twelve messages handled" }
	);
	t.equal(handled, 12);
	t.equal(most, 5, "five in flight, never more");
});

import type { ServiceBroker } from "moleculer";

/** Resolves once `broker` knows `count` endpoints of `action` (it learns of nodes through `$services.changed`). */
export function waitForEndpoints(broker: ServiceBroker, action: string, count: number, timeoutMs = 10_000): Promise<void> {
	const known = () => (broker.registry.getActionEndpoints(action)?.count() ?? 0) >= count;
	if (known()) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const onChange = () => {
			if (!known()) return;
			clearTimeout(timer);
			broker.localBus.off("$services.changed", onChange);
			resolve();
		};
		const timer = setTimeout(() => {
			broker.localBus.off("$services.changed", onChange);
			reject(new Error(`${broker.nodeID} saw fewer than ${count} endpoints of ${action} within ${timeoutMs} ms`));
		}, timeoutMs);
		broker.localBus.on("$services.changed", onChange);
	});
}

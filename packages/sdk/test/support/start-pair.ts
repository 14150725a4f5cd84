import type { Test } from "tap";
import { startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import type { StartPair } from "./contract-suite.js";

/** Caller and callee on separate brokers of one namespace over a networked transporter. */
export function networkPair(transporter: string): StartPair {
	return async (t: Test, callee, caller) => {
		const namespace = uniqueNamespace();
		const calleeBroker = await startTestBroker(t, { transporter, namespace, ...callee });
		const callerBroker = await startTestBroker(t, { transporter, namespace, ...caller });
		await callerBroker.waitForServices(calleeNames(callee.services), 10_000);
		await calleeBroker.waitForServices(calleeNames(caller.services), 10_000);
		return { caller: callerBroker, callee: calleeBroker };
	};
}

/** TCP with explicit discovery: the caller is told where the callee listens. */
export const tcpPair: StartPair = async (t, callee, caller) => {
	const calleeBroker = await startTestBroker(t, { transporter: "tcp://127.0.0.1:0", ...callee });
	const callerBroker = await startTestBroker(t, {
		transporter: "tcp://127.0.0.1:0",
		namespace: calleeBroker.namespace,
		tcpPeers: [calleeBroker.tcpAddress()!.peer],
		...caller
	});
	await callerBroker.waitForServices(calleeNames(callee.services), 10_000);
	await calleeBroker.waitForServices(calleeNames(caller.services), 10_000);
	return { caller: callerBroker, callee: calleeBroker };
};

/** Every service on one broker: calls and events never leave the process. */
export const inProcessPair: StartPair = async (t, callee, caller) => {
	const broker = await startTestBroker(t, { ...callee, services: [...callee.services, ...caller.services] });
	return { caller: broker, callee: broker };
};

function calleeNames(services: ReadonlyArray<{ name: string; version?: string | number }>): string[] {
	return services.map(s => (s.version === undefined ? s.name : `v${s.version}.${s.name}`));
}

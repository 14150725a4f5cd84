import { randomBytes } from "node:crypto";
import type { BackbeatBroker } from "../broker/backbeat-broker.js";
import type { BrokerOptions } from "../broker/broker-options.js";
import { createBroker } from "../broker/create-broker.js";

import { registerTeardown, type TeardownHost } from "./teardown.js";

export type { TeardownHost };

/** A namespace no other test run shares, so parallel test files on one NATS don't see each other. */
export function uniqueNamespace(prefix = "test"): string {
	return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/**
 * Creates and starts a broker for one test and stops it when the test ends.
 * Defaults for tests: in-process transporter, a fresh namespace, log level
 * `warn` (or `BACKBEAT_LOG_LEVEL`), result validation on.
 */
export async function startTestBroker(t: TeardownHost, options: BrokerOptions = {}): Promise<BackbeatBroker> {
	const broker = createBroker({
		transporter: "in-process",
		namespace: uniqueNamespace(),
		logLevel: process.env["BACKBEAT_LOG_LEVEL"] ? undefined : "warn",
		validateResults: true,
		...options
	} as BrokerOptions);
	registerTeardown(t, () => broker.stop());
	await broker.start();
	return broker;
}

import type { Suite } from "../runner/suite.js";
import { crudSuite } from "./crud/crud-suite.js";
import { gatewaySuite } from "./gateway/gateway-suite.js";
import { outboxSuite } from "./outbox/outbox-suite.js";
import { sdkOverheadSuite } from "./sdk-overhead/sdk-overhead-suite.js";
import { serializersSuite } from "./serializers/serializers-suite.js";
import { tracingSuite } from "./tracing/tracing-suite.js";
import { transportsSuite } from "./transports/transports-suite.js";

/** Every suite `npm run bench` runs, in this order. Plug a new one in here. */
export const SUITES: readonly Suite[] = [
	transportsSuite,
	serializersSuite,
	sdkOverheadSuite,
	outboxSuite,
	tracingSuite,
	gatewaySuite,
	crudSuite
];

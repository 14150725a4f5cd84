// Test helpers for services built with @backbeat/sdk: `import { ... } from "@backbeat/sdk/testing"`.
export { startTestBroker, uniqueNamespace } from "./test-broker.js";
export type { TeardownHost } from "./test-broker.js";
export { skipUnlessServer, serverUrl, DEFAULT_SERVER_URLS } from "./servers.js";
export type { ServerKind } from "./servers.js";
export { ManualClock, seededRandom } from "./manual-clock.js";
export { startOtlpReceiver, decodeOtlpJson } from "./otlp-receiver.js";
export type { OtlpReceiver, ReceivedSpan } from "./otlp-receiver.js";
export { startChild } from "./child-process.js";
export { eventually } from "./eventually.js";
export { testDatabaseUrl } from "./test-database.js";
export { cleanChannels } from "./clean-channels.js";
export type { EventuallyOptions } from "./eventually.js";
export { fuzzOpenApi } from "./openapi-fuzz.js";
export type { FuzzHost, OpenApiFuzzOptions } from "./openapi-fuzz.js";

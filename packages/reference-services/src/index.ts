export { createServices } from "./services.js";
export { CatalogContract } from "./catalog/contract.js";
export { createCatalogService } from "./catalog/service.js";
export { CatalogStore, DEMO_TRACKS } from "./catalog/store.js";
export type { TrackRecord } from "./catalog/store.js";
export { createGatewayService, PLATFORM_CONTRACTS } from "./gateway/service.js";
export type { PlatformGatewayOptions } from "./gateway/service.js";
export { gatewayPort } from "@backbeat/sdk/gateway";
export { createPlatformBroker } from "./platform-broker.js";
// backbeat: exports end

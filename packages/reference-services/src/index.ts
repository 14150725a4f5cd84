export { createServices } from "./services.js";
export { CatalogContract } from "./catalog/contract.js";
export { createCatalogService } from "./catalog/service.js";
export { CatalogStore, DEMO_TRACKS } from "./catalog/store.js";
export type { TrackRecord } from "./catalog/store.js";
export { createGatewayService, gatewayPort, DEFAULT_ROUTES } from "./gateway/service.js";
export type { GatewayOptions } from "./gateway/service.js";
export { createPlatformBroker } from "./platform-broker.js";
// backbeat: exports end

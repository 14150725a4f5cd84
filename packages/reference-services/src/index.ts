export { createServices } from "./services.js";
export { CatalogContract } from "./catalog/contract.js";
export { createCatalogService } from "./catalog/service.js";
export { CatalogStore, DEMO_TRACKS } from "./catalog/store.js";
export type { TrackRecord } from "./catalog/store.js";
// backbeat: exports end

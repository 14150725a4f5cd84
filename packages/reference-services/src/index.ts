export { createServices } from "./services.js";
export { CatalogContract } from "./catalog/contract.js";
export { createCatalogService } from "./catalog/service.js";
export { CatalogStore, DEMO_TRACKS } from "./catalog/store.js";
export type { TrackRecord } from "./catalog/store.js";
export { createGatewayService, PLATFORM_CONTRACTS } from "./gateway/service.js";
export type { PlatformGatewayOptions } from "./gateway/service.js";
export { gatewayPort } from "@backbeat/sdk/gateway";
export { createPlatformBroker } from "./platform-broker.js";
export { UsersContract, User, Plan } from "./users/contract.js";
export { createUsersService, USERS_DEFAULTS } from "./users/service.js";
export type { UsersServiceOptions } from "./users/service.js";
export { openUsersDatabase } from "./users/database.js";
export type { UsersDatabase, UsersTables } from "./users/database.js";
export { LOGIN_THROTTLE_DEFAULTS } from "./users/login-throttle.js";
export type { LoginThrottleOptions } from "./users/login-throttle.js";
export { platformJwtSecret } from "./config/jwt-secret.js";
// backbeat: exports end

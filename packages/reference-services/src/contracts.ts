// @backbeat/reference-services/contracts: the platform's public contracts and their schemas, and nothing else.
// Every module this entry imports is free of Moleculer, databases and `node:` modules, so a browser app
// (packages/web-player) bundles it and calls the platform with `httpClient` through the same contracts.
export { Album, Artist, SEARCH_KINDS, Track } from "./catalog/schemas.js";
export type { SearchKind } from "./catalog/schemas.js";
export { CatalogContract } from "./catalog/contract.js";
export { Plan, User, UsersContract } from "./users/contract.js";
export { LibraryContract } from "./library/contract.js";
export { MAX_PLAYLIST_ITEMS, Playlist, PlaylistsContract } from "./playlists/contract.js";
export { PlayStart, RecentPlay, StreamingContract } from "./streaming/contract.js";
export { Card, PlanId, PlanInfo, PaymentsContract, Subscription } from "./payments/contract.js";
export { RecommendationsContract, WEEKLY_MIX_SIZE } from "./recommendations/contract.js";
export { Notification, NOTIFICATION_KINDS, NotificationsContract } from "./notifications/contract.js";

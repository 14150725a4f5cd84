import type { ServiceDefinition } from "@backbeat/sdk";
import { createCatalogServices } from "./catalog/service.js";
import { createLibraryService } from "./library/service.js";
import { createNotificationsService } from "./notifications/service.js";
import { createPaymentsProviderService } from "./payments-provider/service.js";
import { createPaymentsService } from "./payments/service.js";
import { createPlaylistsService } from "./playlists/service.js";
import { createRecommendationsService } from "./recommendations/service.js";
import { createStreamingService } from "./streaming/service.js";
import { createUsersService } from "./users/service.js";
// backbeat: service imports end

/**
 * One instance of every service of the platform, each on its default store
 * (a database under BACKBEAT_DATA_DIR; the catalog generates its content
 * on the first start). `backbeat new service <name>` adds to this list.
 */
export function createServices(): ServiceDefinition[] {
	return [
		...createCatalogServices(undefined, { seed: true }),
		createUsersService(),
		createLibraryService(),
		createPlaylistsService(),
		createStreamingService(),
		createPaymentsService(),
		createPaymentsProviderService(),
		createRecommendationsService(),
		createNotificationsService()
		// backbeat: services end
	];
}

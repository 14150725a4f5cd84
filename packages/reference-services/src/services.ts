import type { ServiceDefinition } from "@backbeat/sdk";
import { createCatalogService } from "./catalog/service.js";
import { createUsersService } from "./users/service.js";
// backbeat: service imports end

/**
 * One instance of every service of the platform, each on its default store
 * (a database under BACKBEAT_DATA_DIR, or the in-memory demo catalog). `backbeat new service <name>` adds to this list.
 */
export function createServices(): ServiceDefinition[] {
	return [
		createCatalogService(),
		createUsersService()
		// backbeat: services end
	];
}

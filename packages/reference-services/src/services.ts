import type { ServiceDefinition } from "@backbeat/sdk";
import { createCatalogService } from "./catalog/service.js";
// backbeat: service imports end

/**
 * One instance of every service of the platform, each with its default
 * (in-memory) store. `backbeat new service <name>` adds to this list.
 */
export function createServices(): ServiceDefinition[] {
	return [
		createCatalogService()
		// backbeat: services end
	];
}

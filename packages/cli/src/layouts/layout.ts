import type { Change } from "../scaffold/plan.js";
import type { TestRunner } from "../templates/member-snippets.js";
import type { ServiceOptions } from "../templates/service-files.js";

/** Where one service's files are, relative to the project root. */
export interface ServiceFiles {
	readonly contract: string;
	readonly service: string;
	readonly test: string;
	/** Only services made with `--db` have it. */
	readonly database: string;
}

/**
 * How a kind of project arranges its services: a project made by `backbeat
 * new project`, or this repository's packages/reference-services. Commands
 * ask the layout for paths and changes and never spell out a path themselves.
 */
export interface Layout {
	readonly kind: "project" | "reference-services";
	/** The file that lists every service, relative to the root. */
	readonly registry: string;
	readonly testRunner: TestRunner;
	files(service: string): ServiceFiles;
	/** The expression a test uses to make the service (`ordersService`, `createOrdersService()`; with a database, on a fresh in-memory one). */
	makeService(service: string, options: Pick<ServiceOptions, "db">): string;
	/** The files and edits that add a new service and list it. */
	newService(service: string, options: ServiceOptions): Change[];
	/** The names of the services the project at `root` has. */
	services(root: string): string[];
}

// The public API of @backbeat/sdk/crud: CRUD services on moleculer-db (an optional peer dependency) over the SDK's databases.
export { defineCrudService, CRUD_SERVICE_DEFAULTS } from "./define-crud-service.js";
export type { CrudHooks, CrudImplementation, CrudServiceDefinition, CrudServiceOptions } from "./define-crud-service.js";
export type {
	BoundRoutes,
	CrudActions,
	CrudContract,
	CrudEvents,
	CrudFilter,
	CrudFindParams,
	CrudHttpOptions,
	CrudListParams,
	CrudPage,
	CrudQuery,
	CrudRoute,
	CrudUpdated,
	EntityInputOf,
	EntityOf,
	EntityShape,
	QueryOperators,
	SortTerm
} from "./crud-types.js";
export { crudAdapter, type CrudAdapter } from "./crud-adapter.js";
export { CRUD_ADAPTER_DEFAULTS } from "./crud-options.js";
export type { CrudAdapterOptions, CrudColumnType } from "./crud-options.js";
export type { CrudEntity } from "./columns.js";
export type { CrudAdapterFindParams } from "./list-params.js";

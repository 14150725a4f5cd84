import type { z } from "zod";
import type { ActionDefinition, ActionDefinitions, Contract, EventDefinition, EventDefinitions } from "../contract/define-contract.js";
import type { ActionAuth, HttpBindingObject } from "../contract/http-binding.js";

/** A zod object's fields: what `defineCrudService` reads an entity from. */
export type EntityShape = z.ZodRawShape;
/** An entity as stored and answered (defaults applied). */
export type EntityOf<S extends EntityShape> = z.output<z.ZodObject<S>>;
/** An entity as a caller writes it (fields with defaults may be left out). */
export type EntityInputOf<S extends EntityShape> = z.input<z.ZodObject<S>>;

/** A field to sort by, ascending (`title`) or descending (`-title`). */
export type SortTerm<F extends string> = F | `-${F}`;

type Primitive = string | number | boolean | null | undefined;

/** Comparisons a `query` may make on one field (moleculer-db's operators). */
export interface QueryOperators<V> {
	readonly $eq?: V | null;
	readonly $ne?: V | null;
	readonly $gt?: V;
	readonly $gte?: V;
	readonly $lt?: V;
	readonly $lte?: V;
	readonly $in?: readonly V[];
	readonly $nin?: readonly V[];
}

/** A moleculer-db `query`: equality or operators on the entity's scalar fields, ANDed. JSON fields can't be filtered. */
export type CrudQuery<T> = {
	readonly [K in keyof T as T[K] extends Primitive ? K : never]?: T[K] | QueryOperators<NonNullable<T[K]>>;
};

// biome-ignore lint/complexity/noBannedTypes: `{}` adds no fields to an intersection
type Empty = {};
type SortParams<Sort extends string> = [Sort] extends [never] ? Empty : { readonly sort?: readonly SortTerm<Sort>[] };
type SearchParams<Search extends string> = [Search] extends [never]
	? Empty
	: { readonly search?: string; readonly searchFields?: readonly Search[] };

/** What `find` and `count` filter by. */
export type CrudFilter<S extends EntityShape, Search extends string> = SearchParams<Search> & {
	readonly query?: CrudQuery<EntityOf<S>>;
};

export type CrudListParams<S extends EntityShape, Sort extends string, Search extends string> = CrudFilter<S, Search> &
	SortParams<Sort> & { readonly page?: number; readonly pageSize?: number };

export type CrudFindParams<S extends EntityShape, Sort extends string, Search extends string> = CrudFilter<S, Search> &
	SortParams<Sort> & { readonly limit?: number; readonly offset?: number };

/** One page of `list`: moleculer-db's answer. `page` past the last gives no rows and the same `total`. */
export interface CrudPage<T> {
	readonly rows: T[];
	readonly total: number;
	readonly page: number;
	readonly pageSize: number;
	readonly totalPages: number;
}

type IdOf<S extends EntityShape, Id extends string> = EntityOf<S>[Id & keyof EntityOf<S>];
type IdInputOf<S extends EntityShape, Id extends string> = EntityInputOf<S>[Id & keyof EntityInputOf<S>];
/** `create`'s params: the entity, its id optional (a string id is generated, an integer id numbered by the database). */
type CreateOf<T, Id extends string> = Omit<T, Id> & { readonly [K in Id & keyof T]?: T[K] };
/** `update`'s params: the id and the fields to change. */
type UpdateOf<T, Id extends string, IdValue> = { readonly id: IdValue } & Partial<Omit<T, Id>>;

type Typed<O, I = O> = z.ZodType<O, I>;

/** The standard actions the gateway can serve. */
export type CrudRoute = "list" | "get" | "create" | "update" | "remove";

/** The routes `http` binds: none without it, `routes` when given, else all five. */
export type BoundRoutes<H> = H extends { readonly routes: readonly (infer R extends CrudRoute)[] }
	? R
	: H extends CrudHttpOptions
		? CrudRoute
		: never;

// A bound action's type says so, which is what the typed HTTP client reads.
type Bind<D, K extends CrudRoute, R extends CrudRoute> = K extends R ? D & { readonly http: HttpBindingObject } : D;

/** The standard actions of a CRUD contract, typed from the entity. (A type, not an interface: a contract's actions need an implicit index signature.) */
export type CrudActions<
	S extends EntityShape,
	Id extends string,
	Sort extends string,
	Search extends string,
	R extends CrudRoute = never
> = {
	readonly list: Bind<ActionDefinition<Typed<CrudListParams<S, Sort, Search>>, Typed<CrudPage<EntityOf<S>>>>, "list", R>;
	readonly get: Bind<
		ActionDefinition<
			Typed<{ readonly id: IdOf<S, Id> } | { readonly ids: readonly IdOf<S, Id>[] }>,
			Typed<EntityOf<S> | EntityOf<S>[]>
		>,
		"get",
		R
	>;
	readonly create: Bind<
		ActionDefinition<Typed<CreateOf<EntityOf<S>, Id>, CreateOf<EntityInputOf<S>, Id>>, Typed<EntityOf<S>>>,
		"create",
		R
	>;
	readonly update: Bind<
		ActionDefinition<
			Typed<UpdateOf<EntityOf<S>, Id, IdOf<S, Id>>, UpdateOf<EntityInputOf<S>, Id, IdInputOf<S, Id>>>,
			Typed<EntityOf<S>>
		>,
		"update",
		R
	>;
	readonly remove: Bind<ActionDefinition<Typed<{ readonly id: IdOf<S, Id> }>, Typed<EntityOf<S>>>, "remove", R>;
	readonly find: ActionDefinition<Typed<CrudFindParams<S, Sort, Search>>, Typed<EntityOf<S>[]>>;
	readonly count: ActionDefinition<Typed<CrudFilter<S, Search>>, Typed<number>>;
};

/** What `updated` carries: the id, the fields the call changed and the entity after the change. */
export interface CrudUpdated<T, Id extends string> {
	readonly id: T[Id & keyof T];
	readonly changes: Partial<Omit<T, Id>>;
	readonly entity: T;
}

/** The entity events of a CRUD contract, written to the outbox in the write's transaction. */
export type CrudEvents<S extends EntityShape, Id extends string> = {
	readonly created: EventDefinition<Typed<EntityOf<S>>>;
	readonly updated: EventDefinition<Typed<CrudUpdated<EntityOf<S>, Id>>>;
	readonly removed: EventDefinition<Typed<EntityOf<S>>>;
};

export type CrudContract<
	N extends string,
	S extends EntityShape,
	Id extends string,
	Sort extends string,
	Search extends string,
	A extends ActionDefinitions,
	E extends EventDefinitions,
	R extends CrudRoute = never
> = Contract<N, CrudActions<S, Id, Sort, Search, R> & A, CrudEvents<S, Id> & E>;

/**
 * HTTP bindings for the standard actions under `path`: `GET path` (list),
 * `GET path/:id`, `POST path` (201), `PATCH path/:id`, `DELETE path/:id`.
 */
export interface CrudHttpOptions {
	readonly path: `/${string}`;
	/** Who may call `list` and `get`. Default `"user"`. */
	readonly read?: ActionAuth;
	/** Who may call `create`, `update` and `remove`. Default `"user"`. */
	readonly write?: ActionAuth;
	/** The actions to bind. Default all five. */
	readonly routes?: readonly CrudRoute[];
}

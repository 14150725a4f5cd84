// Type-level tests of defineCrudService's contract, checked by `tsc -p test-d`.
import { z } from "zod";
import { defineCrudService, type CrudPage, type CrudUpdated } from "../src/crud/index.js";
import { client, consume, createBroker, openDatabase, type ParamsIn, type PayloadOut, type ResultOut } from "../src/index.js";
import { httpClient } from "../src/http/index.js";
import type { Equal, Expect } from "./type-utils.js";

const Track = z.object({
	id: z.string(),
	title: z.string(),
	plays: z.int().default(0),
	genre: z.string().nullable(),
	tags: z.array(z.string()),
	lyrics: z.string().optional()
});
type Track = z.output<typeof Track>;

const Tracks = defineCrudService({
	name: "tracks",
	version: 1,
	table: "tracks",
	entity: Track,
	sortable: ["title", "plays"],
	searchable: ["title"],
	actions: { top: { params: z.object({ n: z.int() }), returns: z.array(Track) } }
});
const tracks = client(createBroker(), Tracks.contract);
const db = openDatabase<never>({ url: "sqlite::memory:", migrations: [Tracks.migration] });

// --- Correct usage ----------------------------------------------------------
export async function correct(): Promise<void> {
	const page = await tracks.list({ page: 2, pageSize: 10, sort: ["-plays", "title"], search: "blue", searchFields: ["title"] });
	type _page = Expect<Equal<typeof page, CrudPage<Track>>>;
	const filtered = await tracks.find({ query: { plays: { $gte: 10 }, genre: null, title: { $in: ["a", "b"] } }, limit: 5 });
	type _found = Expect<Equal<typeof filtered, Track[]>>;
	const count = await tracks.count({ query: { genre: "jazz" } });
	type _count = Expect<Equal<typeof count, number>>;
	// `plays` has a default and `id` is generated: both may be left out.
	const created = await tracks.create({ title: "So What", genre: null, tags: [] });
	type _created = Expect<Equal<typeof created, Track>>;
	const updated = await tracks.update({ id: created.id, plays: 3 });
	type _updated = Expect<Equal<typeof updated, Track>>;
	const got = await tracks.get({ id: created.id });
	type _got = Expect<Equal<typeof got, Track | Track[]>>;
	await tracks.get({ ids: [created.id] });
	const removed = await tracks.remove({ id: created.id });
	type _removed = Expect<Equal<typeof removed, Track>>;
	const top = await tracks.top({ n: 3 });
	type _top = Expect<Equal<typeof top, Track[]>>;
	type _updatedEvent = Expect<Equal<PayloadOut<typeof Tracks.contract, "updated">, CrudUpdated<Track, "id">>>;
	type _createdEvent = Expect<Equal<PayloadOut<typeof Tracks.contract, "created">, Track>>;
	type _listResult = Expect<Equal<ResultOut<typeof Tracks.contract, "list">["rows"], Track[]>>;
	type _removeParams = Expect<Equal<ParamsIn<typeof Tracks.contract, "remove">, { readonly id: string }>>;
}

// Handlers of extra actions, hooks and consumers of entity events are typed from the contract.
export const service = Tracks.service(db, {
	actions: { top: ctx => Array.from({ length: ctx.params.n }, () => ({ id: "t", title: "x", plays: 0, genre: null, tags: [] })) },
	hooks: {
		updated(update) {
			const plays: number | undefined = update.changes.plays;
			const title: string = update.entity.title;
			void [plays, title];
		}
	}
});
// @ts-expect-error the extra action `top` needs its handler
export const missingHandler = Tracks.service(db);
// @ts-expect-error and with options too
export const missingHandlerWithOptions = Tracks.service(db, { relay: false });
export const noExtras = defineCrudService({ name: "plain2", version: 1, table: "plain2", entity: z.object({ id: z.string() }) }).service(
	db
);

export const consumer = consume(Tracks.contract, db, {
	created: async event => {
		const title: string = event.payload.title;
		void title;
	}
});

// --- Mistakes the compiler must catch ---------------------------------------
export async function mistakes(): Promise<void> {
	// @ts-expect-error `rating` is not a field of the entity
	await tracks.create({ title: "x", genre: null, tags: [], rating: 5 });
	// @ts-expect-error `title` is required on create
	await tracks.create({ genre: null, tags: [] });
	// @ts-expect-error `plays` holds integers, not strings
	await tracks.update({ id: "t1", plays: "many" });
	// @ts-expect-error `genre` is not sortable
	await tracks.list({ sort: ["genre"] });
	// @ts-expect-error `-lyrics` is not a sort term
	await tracks.find({ sort: ["-lyrics"] });
	// @ts-expect-error `plays` is not a searchable field
	await tracks.list({ searchFields: ["plays"] });
	// @ts-expect-error `tags` holds JSON and can't be filtered
	await tracks.find({ query: { tags: ["a"] } });
	// @ts-expect-error `$gte` compares with the field's type
	await tracks.find({ query: { plays: { $gte: "10" } } });
	const created = await tracks.create({ title: "x", genre: null, tags: [] });
	// @ts-expect-error the result has no `rating`
	void created.rating;
	const page = await tracks.list({});
	// @ts-expect-error a page's rows are in `rows`, not `items`
	void page.items;
	// @ts-expect-error `remove` needs the id
	await tracks.remove({});
	// @ts-expect-error the extra action is typed too
	await tracks.top({ n: "3" });
}

// The typed HTTP client sees exactly the bound routes.
export async function httpRoutes(): Promise<void> {
	const Bound = defineCrudService({
		name: "bound",
		version: 1,
		table: "bound",
		entity: z.object({ id: z.string(), name: z.string() }),
		http: { path: "/bound", routes: ["list", "get"] }
	});
	const api = httpClient(Bound.contract, { baseUrl: "http://localhost/api" });
	const page = await api.list({ pageSize: 5 });
	type _page = Expect<Equal<typeof page, CrudPage<{ id: string; name: string }>>>;
	await api.get({ id: "b1" });
	// @ts-expect-error `create` is not among the bound routes
	await api.create({ name: "x" });
	// @ts-expect-error `count` has no HTTP binding
	await api.count({});
	// @ts-expect-error without `http` nothing is bound
	await httpClient(Tracks.contract, { baseUrl: "http://localhost/api" }).list({});
}

export const noSortOrSearch = defineCrudService({
	name: "plain",
	version: 1,
	table: "plain",
	entity: z.object({ id: z.int(), name: z.string() })
});
export async function plainMistakes(): Promise<void> {
	const plain = client(createBroker(), noSortOrSearch.contract);
	await plain.create({ name: "no id needed: the database numbers it" });
	// @ts-expect-error without `sortable` there is no sort param
	await plain.list({ sort: ["name"] });
	// @ts-expect-error without `searchable` there is no search param
	await plain.list({ search: "x" });
	// @ts-expect-error an integer id
	await plain.get({ id: "1" });
}

export const badIdField = defineCrudService({
	name: "bad",
	version: 1,
	table: "bad",
	entity: z.object({ key: z.string() }),
	// @ts-expect-error the id field must be a field of the entity
	idField: "id"
});

export const badSortable = defineCrudService({
	name: "bad-sort",
	version: 1,
	table: "bad_sort",
	entity: z.object({ id: z.string() }),
	// @ts-expect-error only entity fields are sortable
	sortable: ["title"]
});

// Type-level tests of the HTTP client, checked by `tsc -p test-d`: it has the
// methods, params and results of `client()`, for bound actions only.
import type { ServiceBroker } from "moleculer";
import { z } from "zod";
import { client } from "../src/index.js";
import { type HttpActionNames, type HttpClient, HttpClientError, httpClient } from "../src/http/index.js";
import type { Readable } from "node:stream";
import { binaryStream, defineContract } from "../src/http/index.js";
import type { Equal, Expect, IsAny } from "./type-utils.js";

const Tracks = defineContract({
	name: "tracks",
	version: 1,
	actions: {
		get: { params: z.object({ id: z.string() }), returns: z.object({ id: z.string(), plays: z.number() }), http: "GET /tracks/:id" },
		list: {
			params: z.object({ limit: z.number().int().default(20), tags: z.array(z.string()).optional() }),
			returns: z.object({ items: z.array(z.string()) }),
			http: "GET /tracks",
			auth: "public"
		},
		create: {
			params: z.object({ title: z.string() }),
			returns: z.object({ id: z.string() }),
			http: { method: "POST", path: "/tracks", status: 201 }
		},
		remove: { params: z.object({ id: z.string() }), returns: z.void(), http: "DELETE /tracks/:id" },
		reindex: { params: z.object({}), returns: z.object({ count: z.number() }) }
	}
});

declare const broker: ServiceBroker;

type _bound = Expect<Equal<HttpActionNames<typeof Tracks>, "get" | "list" | "create" | "remove">>;

// The same method types as client(), minus the unbound action.
type InProcess = ReturnType<typeof client<typeof Tracks>>;
type _get = Expect<Equal<Parameters<HttpClient<typeof Tracks>["get"]>[0], Parameters<InProcess["get"]>[0]>>;
type _create = Expect<Equal<Parameters<HttpClient<typeof Tracks>["create"]>[0], Parameters<InProcess["create"]>[0]>>;
type _listResult = Expect<Equal<ReturnType<HttpClient<typeof Tracks>["list"]>, ReturnType<InProcess["list"]>>>;

export async function callers(): Promise<void> {
	const api = httpClient(Tracks, { baseUrl: "/api", token: async () => "token" });
	type _notAny = Expect<Equal<IsAny<typeof api>, false>>;
	const track = await api.get({ id: "t-1" });
	type _track = Expect<Equal<typeof track, { id: string; plays: number }>>;
	// A defaulted field may be left out, as with client().
	const list = await api.list({ tags: ["a"] }, { signal: AbortSignal.timeout(1000) });
	type _list = Expect<Equal<typeof list, { items: string[] }>>;
	const removed = await api.remove({ id: "t-1" });
	type _removed = Expect<Equal<typeof removed, void>>;
	await api.create({ title: "Song" }, { idempotencyKey: "create-song-1" });
	await client(broker, Tracks).reindex({});

	// @ts-expect-error an unbound action is not on the HTTP client
	await api.reindex({});
	// @ts-expect-error the path param is missing
	await api.get({});
	// @ts-expect-error the path param has the wrong type
	await api.get({ id: 1 });
	// @ts-expect-error the body misses a field
	await api.create({});
	// @ts-expect-error the body has the wrong type
	await api.create({ title: 42 });
	// @ts-expect-error a query array of the wrong item type
	await api.list({ tags: [1] });
	// @ts-expect-error the result has no such field
	track.title;
	// @ts-expect-error the result's field is a number
	const plays: string = track.plays;
	// @ts-expect-error a void result has no fields
	removed.id;
	// @ts-expect-error not a call option of the HTTP client
	await api.get({ id: "t-1" }, { nodeID: "n-1" });
	// @ts-expect-error the token is a string or a function returning one
	httpClient(Tracks, { baseUrl: "/api", token: 42 });
	// @ts-expect-error baseUrl is required
	httpClient(Tracks, { token: "t" });
	void plays;
}

export function errors(error: unknown): void {
	if (error instanceof HttpClientError) {
		type _code = Expect<Equal<typeof error.code, keyof typeof import("../src/errors/codes.js").ERROR_CODES>>;
		type _status = Expect<Equal<typeof error.status, number | undefined>>;
		const url: string = error.request.url;
		const retryable: boolean = error.retryable;
		void url;
		void retryable;
	}
}

// A binaryStream() action: a Readable for the handler and client(), bytes over HTTP.
const Files = defineContract({
	name: "files",
	version: 1,
	actions: {
		download: {
			params: z.object({ id: z.string(), range: z.string().optional() }),
			returns: binaryStream("audio/mpeg"),
			http: { method: "GET", path: "/files/:id", headers: { range: "Range" } }
		}
	}
});
type _bytesOverHttp = Expect<Equal<ReturnType<HttpClient<typeof Files>["download"]>, Promise<Uint8Array>>>;
type _streamInProcess = Expect<Equal<ReturnType<ReturnType<typeof client<typeof Files>>["download"]>, Promise<Readable>>>;
// @ts-expect-error a header param is still a typed param
httpClient(Files, { baseUrl: "/api" }).download({ id: "a", range: 5 });

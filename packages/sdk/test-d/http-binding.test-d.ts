// Type-level tests of HTTP bindings in contracts, checked by `tsc -p test-d`.
import { z } from "zod";
import { defineContract } from "../src/index.js";
import type { PathParams } from "../src/contract/http-binding.js";
import type { Equal, Expect } from "./type-utils.js";

type _none = Expect<Equal<PathParams<"/tracks">, never>>;
type _one = Expect<Equal<PathParams<"/tracks/:id">, "id">>;
type _two = Expect<Equal<PathParams<"/playlists/:playlistId/tracks/:trackId">, "playlistId" | "trackId">>;

const byId = z.object({ id: z.string(), limit: z.number().optional() });

// Both shapes, all auth forms, compile.
export const Ok = defineContract({
	name: "ok",
	version: 1,
	actions: {
		get: { params: byId, returns: z.object({}), http: "GET /tracks/:id", auth: "public" },
		put: { params: byId, returns: z.object({}), http: { method: "PUT", path: "/tracks/:id", status: 201 }, auth: { roles: ["admin"] } },
		list: { params: z.object({}), returns: z.object({}), http: "GET /tracks", auth: "user" },
		internal: { params: byId, returns: z.object({}) }
	}
});

export const WrongParam = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error the path param ':trackId' is not a field of params
		get: { params: byId, returns: z.object({}), http: "GET /tracks/:trackId" }
	}
});

export const WrongParamObject = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error the path param ':other' is not a field of params
		get: { params: byId, returns: z.object({}), http: { method: "GET", path: "/tracks/:id/:other" } }
	}
});

export const WrongMethod = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error GTE is not an HTTP method
		get: { params: byId, returns: z.object({}), http: "GTE /tracks/:id" }
	}
});

export const NoSlash = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error a path starts with /
		get: { params: byId, returns: z.object({}), http: "GET tracks" }
	}
});

export const WrongAuth = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error auth is "public", "user" or { roles }
		get: { params: byId, returns: z.object({}), http: "GET /tracks/:id", auth: "admin" }
	}
});

export const MisspeltOption = defineContract({
	name: "bad",
	version: 1,
	actions: {
		// @ts-expect-error `htpp` is not an option
		get: { params: byId, returns: z.object({}), htpp: "GET /tracks/:id" }
	}
});

import type { Contract } from "../contract/define-contract.js";
import { type HttpBinding, type ResolvedHttpBinding, resolveHttpBinding } from "../contract/http-binding.js";
import type { ActionNames, ParamsIn, ResultOut } from "../contract/infer.js";
import { type BinaryStreamSchema, binaryContentType } from "../schema/binary-stream.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { buildRequest } from "./build-request.js";
import { HttpClientError, type HttpRequestInfo } from "./http-client-error.js";
import type { FetchInit, FetchLike, HttpCallOptions, HttpClientOptions, TokenSource } from "./http-client-options.js";
import { readResponse } from "./read-response.js";
import { requestFailure } from "./request-failure.js";

/** The actions of a contract that have an `http` binding: the only ones reachable through a gateway. */
export type HttpActionNames<C extends Contract> = {
	[K in ActionNames<C>]: C["actions"][K] extends { readonly http: HttpBinding } ? K : never;
}[ActionNames<C>];

/** What an HTTP call answers: the result of `client()`, except bytes for a `binaryStream()` action. */
export type HttpResult<C extends Contract, K extends ActionNames<C>> = C["actions"][K]["returns"] extends BinaryStreamSchema
	? Uint8Array
	: ResultOut<C, K>;

/** One method per HTTP-bound action, with the params and result types of `client()`. */
export type HttpClient<C extends Contract> = {
	readonly [K in HttpActionNames<C>]: (params: ParamsIn<C, K>, options?: HttpCallOptions) => Promise<HttpResult<C, K>>;
};

function configInvalid(setting: string, message: string): BackbeatError {
	return new BackbeatError("CONFIG_INVALID", `httpClient: ${setting} ${message}`, { data: { setting } });
}

/** Header names are case-insensitive; lower-cased, a caller's `Authorization` cannot end up beside the client's own. */
function lowerCased(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
	const lower: Record<string, string> = {};
	if (headers) for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
	return lower;
}

async function tokenOf(source: TokenSource | undefined, request: HttpRequestInfo): Promise<string | undefined> {
	if (typeof source !== "function") return source;
	try {
		return await source();
	} catch (thrown) {
		const detail = thrown instanceof Error ? thrown.message : String(thrown);
		throw new HttpClientError("UNAUTHORIZED", `The token function failed before ${request.method} ${request.url}: ${detail}`, {
			request,
			cause: thrown
		});
	}
}

function checkKey(key: string | undefined, request: HttpRequestInfo): void {
	if (key === undefined || (typeof key === "string" && key.length > 0 && key.length <= 200)) return;
	throw new HttpClientError("BAD_REQUEST", "An idempotency key must be a string of 1 to 200 characters", {
		request,
		data: { field: "idempotencyKey" }
	});
}

/**
 * A typed client of a contract's HTTP API for browsers and other processes:
 * `httpClient(ShopContract, { baseUrl, token }).getItem({ id })`. It has one
 * method per `http`-bound action, typed like `client()`'s; path params fill
 * the path, the rest of the params go in the query string (GET, DELETE) or
 * a JSON body (POST, PUT, PATCH). Every failure rejects with an HttpClientError.
 * Imports neither Moleculer nor Node modules.
 */
export function httpClient<C extends Contract>(contract: C, options: HttpClientOptions): HttpClient<C> {
	if (typeof options.baseUrl !== "string" || options.baseUrl === "")
		throw configInvalid("baseUrl", "must be a URL such as http://localhost:3000/api");
	const baseUrl = options.baseUrl.replace(/\/+$/, "");
	const fetchOption: FetchLike | undefined = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
	if (typeof fetchOption !== "function") throw configInvalid("fetch", "is needed where there is no global fetch");
	const fetchImpl = fetchOption;
	const defaultHeaders = lowerCased(options.headers);

	async function send(binding: ResolvedHttpBinding, binary: boolean, params: unknown, call: HttpCallOptions = {}): Promise<unknown> {
		const { url, body, headers: paramHeaders } = buildRequest(baseUrl, binding, params);
		const request: HttpRequestInfo = { method: binding.method, url };
		checkKey(call.idempotencyKey, request);
		const headers: Record<string, string> = {
			accept: binary ? "*/*" : "application/json",
			...defaultHeaders,
			...lowerCased(call.headers),
			...paramHeaders
		};
		if (body !== undefined) headers["content-type"] = "application/json";
		const token = await tokenOf(options.token, request);
		if (token !== undefined) headers["authorization"] = `Bearer ${token}`;
		if (call.idempotencyKey !== undefined) headers["idempotency-key"] = call.idempotencyKey;
		const init: FetchInit = {
			method: binding.method,
			headers,
			...(body !== undefined ? { body } : {}),
			...(call.signal !== undefined ? { signal: call.signal } : {})
		};
		let response: Awaited<ReturnType<FetchLike>>;
		let text: string;
		try {
			// Called as a plain function: a browser's fetch throws "Illegal invocation" when called as a method of another object.
			response = await fetchImpl(url, init);
			const bytes = binary && response.status >= 200 && response.status <= 299;
			if (bytes && response.arrayBuffer) return new Uint8Array(await response.arrayBuffer());
			if (bytes) text = "";
			else text = await response.text();
		} catch (thrown) {
			throw requestFailure(thrown, request, call.signal);
		}
		if (binary && response.status >= 200 && response.status <= 299)
			throw configInvalid(
				"fetch",
				`must give responses an arrayBuffer() for ${request.method} ${request.url}, whose result is bytes`
			);
		return readResponse(response, text, request);
	}

	const methods: Record<string, (params: unknown, call?: HttpCallOptions) => Promise<unknown>> = {};
	for (const [action, definition] of Object.entries(contract.actions)) {
		if (definition.http === undefined) continue;
		const binding = resolveHttpBinding(definition.http, `${contract.name}.actions.${action}.http`);
		const binary = binaryContentType(definition.returns) !== undefined;
		methods[action] = (params, call) => send(binding, binary, params, call);
	}
	return Object.freeze(methods) as HttpClient<C>;
}

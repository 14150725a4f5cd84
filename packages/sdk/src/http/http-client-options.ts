/**
 * The part of `RequestInit` the client sends. Declared here rather than taken
 * from the DOM or Node typings, so the entry compiles under either.
 */
export interface FetchInit {
	readonly method: string;
	readonly headers: Record<string, string>;
	readonly body?: string;
	readonly signal?: AbortSignal;
}

/** The part of a `Response` the client reads. */
export interface FetchResponse {
	readonly status: number;
	readonly headers: { get(name: string): string | null };
	text(): Promise<string>;
	/** Read instead of `text()` for actions whose `returns` is `binaryStream()`. */
	arrayBuffer?(): Promise<ArrayBuffer>;
}

/** A `fetch` implementation: the global one in browsers and Node 18+, or a wrapper of your own (tests, retries, logging). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/**
 * The bearer token: a string, or a function called before every request (sync
 * or async), so a refreshed token is picked up. `undefined` sends no
 * `Authorization` header.
 */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface HttpClientOptions {
	/**
	 * The gateway's URL including its base path, e.g. `https://api.example.com/api`
	 * or `/api` in a browser (relative URLs need a fetch that resolves them).
	 * A trailing slash is ignored.
	 */
	readonly baseUrl: string;
	/** Sent as `Authorization: Bearer <token>`. Default: none (only `auth: "public"` actions answer). */
	readonly token?: TokenSource;
	/** Default: `globalThis.fetch`. */
	readonly fetch?: FetchLike;
	/** Headers sent with every request. The client's own (`authorization`, `content-type`, `idempotency-key`) win. Default: none. */
	readonly headers?: Readonly<Record<string, string>>;
}

/** Per-call options of an HTTP client's methods: `api.createItem(params, { idempotencyKey })`. */
export interface HttpCallOptions {
	/**
	 * Sent as `Idempotency-Key`: the service runs the action once per key and
	 * answers repeats with the first outcome. 1 to 200 characters. Default: none.
	 */
	readonly idempotencyKey?: string;
	/** Aborts the request. An abort is CLIENT_CLOSED_REQUEST; a timeout signal (`AbortSignal.timeout`) is DEADLINE_EXCEEDED. */
	readonly signal?: AbortSignal;
	/** Headers for this call only, over the client's `headers`. Default: none. */
	readonly headers?: Readonly<Record<string, string>>;
}

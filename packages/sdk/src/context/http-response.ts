/**
 * How a handler shapes the HTTP answer of its call through the gateway:
 * another success status (206 for a byte range, 202 for accepted work) and
 * extra headers (`Content-Range`, `Cache-Control`). Carried in the call's
 * meta, which Moleculer sends back to the caller with the result, so it works
 * across processes; tagged with the action that set it, because Moleculer
 * also merges a nested call's meta into its caller's, and the gateway must
 * not answer with a status a nested call set for itself.
 */
export interface HttpResponseShape {
	/** A success status, 200–299. */
	readonly status?: number;
	readonly headers?: Readonly<Record<string, string>>;
}

interface TaggedShape {
	action: string | undefined;
	status?: number;
	headers?: Record<string, string>;
}

interface ResponseMeta {
	$httpResponse?: TaggedShape;
}

/** Sets the status and adds the headers the gateway answers this call with. Ignored when the call did not come through a gateway. */
export function setHttpResponse(ctx: { meta: object; action?: { name?: string | undefined } | null }, shape: HttpResponseShape): void {
	if (shape.status !== undefined && !(Number.isInteger(shape.status) && shape.status >= 200 && shape.status <= 299))
		throw new RangeError(
			`setHttpResponse: status ${shape.status} must be a success status (200–299); throw a BackbeatError for failures`
		);
	const meta = ctx.meta as ResponseMeta;
	const action = ctx.action?.name;
	const current = meta.$httpResponse?.action === action ? meta.$httpResponse : undefined;
	const next: TaggedShape = { action };
	const status = shape.status ?? current?.status;
	if (status !== undefined) next.status = status;
	if (shape.headers !== undefined || current?.headers !== undefined) next.headers = { ...current?.headers, ...shape.headers };
	meta.$httpResponse = next;
}

/** What `setHttpResponse` left in a call's meta, if the handler of `action` set it. */
export function httpResponseOf(meta: object, action: string): HttpResponseShape {
	const shape = (meta as ResponseMeta).$httpResponse;
	if (shape?.action !== action) return {};
	return {
		...(shape.status !== undefined ? { status: shape.status } : {}),
		...(shape.headers !== undefined ? { headers: shape.headers } : {})
	};
}

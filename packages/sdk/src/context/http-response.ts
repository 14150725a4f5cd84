/**
 * How a handler shapes the HTTP answer of its call through the gateway:
 * another success status (206 for a byte range) and extra headers
 * (`Content-Range`, `Cache-Control`). Carried in the call's meta, which
 * Moleculer sends back to the caller with the result, so it works across
 * processes; Moleculer's own names, as moleculer-web reads them.
 */
export interface HttpResponseShape {
	/** A success status, 200–299. */
	readonly status?: number;
	readonly headers?: Readonly<Record<string, string>>;
}

interface ResponseMeta {
	$statusCode?: number;
	$responseHeaders?: Record<string, string>;
}

/** Sets the status and adds the headers the gateway answers this call with. Ignored when the call did not come through a gateway. */
export function setHttpResponse(ctx: { meta: object }, shape: HttpResponseShape): void {
	const meta = ctx.meta as ResponseMeta;
	if (shape.status !== undefined) {
		if (!(Number.isInteger(shape.status) && shape.status >= 200 && shape.status <= 299))
			throw new RangeError(
				`setHttpResponse: status ${shape.status} must be a success status (200–299); throw a BackbeatError for failures`
			);
		meta.$statusCode = shape.status;
	}
	if (shape.headers !== undefined) meta.$responseHeaders = { ...meta.$responseHeaders, ...shape.headers };
}

/** What `setHttpResponse` left in a call's meta. */
export function httpResponseOf(meta: object): HttpResponseShape {
	const { $statusCode: status, $responseHeaders: headers } = meta as ResponseMeta;
	return { ...(status !== undefined ? { status } : {}), ...(headers !== undefined ? { headers } : {}) };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { startHttpServerSpan } from "../tracing/http-server-span.js";
import type { ServiceBroker } from "moleculer";

interface GatewayRequest extends IncomingMessage {
	readonly $alias?: { readonly fullPath?: string } | undefined;
}

/**
 * moleculer-web's `rootCallOptions` hook, made to trace each request: a
 * SERVER span that continues an incoming `traceparent`, `traceparent` and
 * `x-trace-id` on the response, and the entry action bound to the span so
 * every call the request makes is part of its trace. Requests whose path
 * starts with one of `skip` (the trace pages themselves) are not traced.
 */
export function traceRequests(skip: readonly string[]) {
	return function rootCallOptions(this: { broker: ServiceBroker }, options: object, req: GatewayRequest, res: ServerResponse): void {
		const url = req.url ?? "/";
		if (skip.some(prefix => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`))) return;
		const span = startHttpServerSpan(this.broker, req, { name: "gateway" });
		if (!span) return;
		for (const [name, value] of Object.entries(span.responseHeaders)) res.setHeader(name, value);
		span.bind(options);
		const end = () =>
			span.end({
				statusCode: res.writableFinished ? res.statusCode : 499,
				...(req.$alias?.fullPath ? { route: req.$alias.fullPath } : {})
			});
		res.once("finish", end);
		res.once("close", end);
	};
}

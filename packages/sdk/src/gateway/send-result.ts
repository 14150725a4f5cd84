import type { ServerResponse } from "node:http";
import { httpResponseOf } from "../context/http-response.js";
import { binaryContentType, isByteStream } from "../schema/binary-stream.js";
import type { BoundAction } from "./bound-actions.js";

/**
 * Writes an action's result: a byte stream piped as is (its Content-Type
 * from the contract unless the handler set one), nothing as 204, anything
 * else as JSON; with the status and headers the handler set through
 * `setHttpResponse`, else the binding's status.
 */
export function sendResult(res: ServerResponse, action: BoundAction, data: unknown, meta: object): void {
	if (res.headersSent) return;
	const shape = httpResponseOf(meta);
	for (const [name, value] of Object.entries(shape.headers ?? {})) res.setHeader(name, value);
	if (isByteStream(data)) {
		res.statusCode = shape.status ?? action.binding.status ?? 200;
		if (!res.hasHeader("content-type"))
			res.setHeader("content-type", binaryContentType(action.target.definition.returns) ?? "application/octet-stream");
		// A stream that fails midway can't change a status already sent: the connection is cut so the client sees a short body.
		data.on("error", () => res.destroy());
		data.pipe(res);
		return;
	}
	if (data === undefined || data === null) {
		res.statusCode = 204;
		res.end();
		return;
	}
	const body = JSON.stringify(data);
	res.statusCode = shape.status ?? action.binding.status ?? 200;
	res.setHeader("content-type", "application/json; charset=utf-8");
	res.setHeader("content-length", Buffer.byteLength(body));
	res.end(body);
}

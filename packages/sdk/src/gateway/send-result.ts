import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { httpResponseOf } from "../context/http-response.js";
import { binaryContentType, isByteStream } from "../schema/binary-stream.js";
import type { BoundAction } from "./bound-actions.js";

/**
 * Writes an action's result: a byte stream piped as is (its Content-Type
 * from the contract unless the handler set one), nothing as 204, anything
 * else as JSON; with the status and headers the handler set through
 * `setHttpResponse`, else the binding's status (204 for nothing).
 */
export function sendResult(res: ServerResponse, action: BoundAction, data: unknown, meta: object): void {
	if (res.headersSent) {
		if (isByteStream(data)) data.destroy();
		return;
	}
	const shape = httpResponseOf(meta, action.target.action);
	for (const [name, value] of Object.entries(shape.headers ?? {})) res.setHeader(name, value);
	if (isByteStream(data)) {
		res.statusCode = shape.status ?? action.binding.status ?? 200;
		if (!res.hasHeader("content-type"))
			res.setHeader("content-type", binaryContentType(action.target.definition.returns) ?? "application/octet-stream");
		// pipeline destroys both ends when either fails or the client goes away (a player seeking aborts
		// Range requests all the time), so the file behind the stream is closed; a stream that fails midway
		// can't change a status already sent, so the connection is cut and the client sees a short body.
		pipeline(data, res, () => undefined);
		return;
	}
	if (data === undefined || data === null) {
		res.statusCode = shape.status ?? 204;
		res.end();
		return;
	}
	const body = JSON.stringify(data);
	res.statusCode = shape.status ?? action.binding.status ?? 200;
	res.setHeader("content-type", "application/json; charset=utf-8");
	res.setHeader("content-length", Buffer.byteLength(body));
	res.end(body);
}

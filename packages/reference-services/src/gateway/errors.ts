import type { IncomingMessage, ServerResponse } from "node:http";
import { toBackbeatError } from "@backbeat/sdk";

/**
 * moleculer-web's `onError`: answers with the Backbeat error's own HTTP
 * status and JSON (`{ error: { code, message, httpStatus, retryable, data } }`).
 * moleculer-web would read a numeric `err.code` and otherwise answer 500, and
 * a Backbeat code is a name (`NOT_FOUND`).
 */
export function sendBackbeatError(_req: IncomingMessage, res: ServerResponse, err: unknown): void {
	const error = toBackbeatError(err);
	if (res.headersSent) {
		res.end();
		return;
	}
	const body = JSON.stringify({ error: error.toJSON() });
	res.writeHead(error.httpStatus, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
	res.end(body);
}

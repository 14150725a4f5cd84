import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { BackbeatError } from "../errors/backbeat-error.js";
import { errorBody } from "./error-response.js";

/** What Node's HTTP parser reports for a request it cannot read, by `error.code`. */
function parserError(code: string | undefined): BackbeatError | undefined {
	if (code === "HPE_HEADER_OVERFLOW") {
		return new BackbeatError("REQUEST_HEADER_FIELDS_TOO_LARGE", "The request line or headers are larger than the server accepts");
	}
	if (code?.startsWith("HPE_")) return new BackbeatError("BAD_REQUEST", "The request is not valid HTTP");
	return undefined;
}

/**
 * Node answers a request it cannot parse (a URL or headers over
 * `maxHeaderSize`, broken HTTP) itself, with an empty 431 or 400 that no
 * route sees. This answers those in the gateway's error shape instead;
 * anything else (a timeout, a reset) keeps Node's behavior.
 */
export function answerClientErrors(server: Server): void {
	server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
		const answer = parserError(error.code);
		if (!socket.writable || error.code === "ECONNRESET") {
			socket.destroy();
			return;
		}
		if (!answer) {
			// Node's own answers (408 on a request timeout, 400 otherwise), as it sends them without this listener.
			const status = error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
			socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
			return;
		}
		const body = errorBody(answer, undefined);
		socket.end(
			`HTTP/1.1 ${answer.httpStatus} ${STATUS_CODES[answer.httpStatus]}\r\n` +
				`Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
		);
	});
}

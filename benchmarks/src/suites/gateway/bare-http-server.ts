import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createItem, getItem, type NewItem } from "./items.js";
import type { RunningServer } from "./running-server.js";

const ITEM_PATH = /^\/api\/items\/([^/?]+)$/;

const send = (res: ServerResponse, status: number, body: unknown) => {
	const text = JSON.stringify(body);
	res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
	res.end(text);
};

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/** Bare `node:http`: routes by hand, decodes and encodes JSON, calls the functions directly; no auth, no limits. */
export async function startBareHttp(): Promise<RunningServer> {
	const server = createServer((req, res) => {
		const match = req.method === "GET" ? ITEM_PATH.exec(req.url ?? "") : null;
		if (match) return send(res, 200, getItem(decodeURIComponent(match[1]!)));
		if (req.method === "POST" && req.url === "/api/items") {
			readJson(req).then(
				body => send(res, 201, createItem(body as NewItem)),
				() => send(res, 400, { error: "bad JSON" })
			);
			return;
		}
		send(res, 404, { error: "not found" });
	});
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	return { port: (server.address() as AddressInfo).port, stop: () => new Promise(resolve => server.close(resolve)) };
}

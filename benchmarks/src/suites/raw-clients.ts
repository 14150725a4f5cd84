import { connect as netConnect, type Socket } from "node:net";
import { connect as natsConnect, createInbox, type NatsConnection } from "nats";
import { FrameReader, encodeFrame } from "../responders/frames.js";

/** A raw request/response client: `call(payload)` resolves with the decoded echo. */
export interface RawClient {
	call(payload: unknown): Promise<unknown>;
	close(): Promise<void>;
}

/** Length-prefixed JSON frames over one TCP connection; replies come back in order. */
export async function tcpClient(port: number): Promise<RawClient> {
	const socket: Socket = netConnect({ host: "127.0.0.1", port });
	socket.setNoDelay(true);
	await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
	const waiting: Array<(value: unknown) => void> = [];
	const reader = new FrameReader();
	socket.on("data", chunk => reader.push(chunk, body => waiting.shift()?.(JSON.parse(body.toString()))));
	return {
		call(payload) {
			return new Promise(resolve => {
				waiting.push(resolve);
				socket.write(encodeFrame(JSON.stringify(payload)));
			});
		},
		close: () => new Promise(resolve => socket.end(resolve))
	};
}

/**
 * NATS the fastest way a framework could: publish with a reply subject on one
 * subscribed inbox, correlate by an id in the subject. The limit Moleculer's
 * NATS transporter is measured against.
 */
export async function natsPublishReplyClient(url: string, subject: string): Promise<RawClient> {
	const nc: NatsConnection = await natsConnect({ servers: url });
	const inbox = createInbox();
	const waiting = new Map<string, (value: unknown) => void>();
	let next = 0;
	nc.subscribe(`${inbox}.*`, {
		callback: (err, msg) => {
			if (err) return;
			const id = msg.subject.slice(inbox.length + 1);
			const resolve = waiting.get(id);
			waiting.delete(id);
			resolve?.(JSON.parse(Buffer.from(msg.data).toString()));
		}
	});
	await nc.flush();
	return {
		call(payload) {
			const id = String(next++);
			return new Promise(resolve => {
				waiting.set(id, resolve);
				nc.publish(subject, Buffer.from(JSON.stringify(payload)), { reply: `${inbox}.${id}` });
			});
		},
		close: () => nc.drain()
	};
}

/** nats.js's own request(): a muxed inbox, with a timer per request. */
export async function natsRequestClient(url: string, subject: string): Promise<RawClient> {
	const nc = await natsConnect({ servers: url });
	return {
		async call(payload) {
			const msg = await nc.request(subject, Buffer.from(JSON.stringify(payload)), { timeout: 10_000 });
			return JSON.parse(Buffer.from(msg.data).toString());
		},
		close: () => nc.drain()
	};
}

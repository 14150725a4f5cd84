import { connect as netConnect, type Socket } from "node:net";
import { connect as natsConnect, createInbox, type NatsConnection } from "nats";

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
	let pending = Buffer.alloc(0);
	socket.on("data", chunk => {
		pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
		while (pending.length >= 4) {
			const size = pending.readUInt32BE(0);
			if (pending.length < 4 + size) break;
			waiting.shift()?.(JSON.parse(pending.subarray(4, 4 + size).toString()));
			pending = pending.subarray(4 + size);
		}
	});
	return {
		call(payload) {
			const body = JSON.stringify(payload);
			const frame = Buffer.allocUnsafe(4 + Buffer.byteLength(body));
			frame.writeUInt32BE(frame.length - 4, 0);
			frame.write(body, 4);
			return new Promise(resolve => {
				waiting.push(resolve);
				socket.write(frame);
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

import { createServer, type AddressInfo, type Server } from "node:net";
import { connect as natsConnect, type NatsConnection } from "nats";

/**
 * A plain TCP echo: 4-byte big-endian length, then a JSON body. The server
 * decodes and re-encodes each frame, the same work Moleculer's responder does.
 */
export async function startTcpEcho(): Promise<{ server: Server; port: number }> {
	const server = createServer(socket => {
		socket.setNoDelay(true);
		let pending = Buffer.alloc(0);
		socket.on("data", chunk => {
			pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
			while (pending.length >= 4) {
				const size = pending.readUInt32BE(0);
				if (pending.length < 4 + size) break;
				const body = JSON.stringify(JSON.parse(pending.subarray(4, 4 + size).toString()));
				const frame = Buffer.allocUnsafe(4 + Buffer.byteLength(body));
				frame.writeUInt32BE(frame.length - 4, 0);
				frame.write(body, 4);
				socket.write(frame);
				pending = pending.subarray(4 + size);
			}
		});
		socket.on("error", () => socket.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	return { server, port: (server.address() as AddressInfo).port };
}

/** A raw NATS responder on `subject`: decode, re-encode, publish to the reply subject. */
export async function startNatsEcho(url: string, subject: string): Promise<NatsConnection> {
	const nc = await natsConnect({ servers: url });
	nc.subscribe(subject, {
		callback: (err, msg) => {
			if (err || !msg.reply) return;
			nc.publish(msg.reply, Buffer.from(JSON.stringify(JSON.parse(Buffer.from(msg.data).toString()))));
		}
	});
	await nc.flush();
	return nc;
}

import { createServer, type AddressInfo, type Server } from "node:net";
import { connect as natsConnect, type NatsConnection } from "nats";
import { FrameReader, encodeFrame } from "./frames.js";

/**
 * A plain TCP echo: 4-byte big-endian length, then a JSON body. The server
 * decodes and re-encodes each frame, the same work Moleculer's responder does.
 */
export async function startTcpEcho(): Promise<{ server: Server; port: number }> {
	const server = createServer(socket => {
		socket.setNoDelay(true);
		const reader = new FrameReader();
		socket.on("data", chunk => reader.push(chunk, body => socket.write(encodeFrame(JSON.stringify(JSON.parse(body.toString()))))));
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

import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { Transporters } from "moleculer";

// Moleculer's TCP reader and writer are not exported; they are loaded from the
// pinned moleculer version's files (see packages/sdk/package.json) so the
// listening host can be chosen.
const require = createRequire(import.meta.url);
const tcpDir = join(dirname(require.resolve("moleculer")), "src", "transporters", "tcp");
type Emitting = { on(event: string, listener: (...args: never[]) => void): void };
type ReaderClass = new (
	transporter: unknown,
	opts: unknown
) => Emitting & {
	opts: { port: number | null };
	server: unknown;
	connected: boolean;
	logger: { info(msg: string): void; error(msg: string, err: unknown): void };
	onTcpClientConnected(socket: unknown): void;
	listen(): Promise<number>;
};
const TcpReader = require(join(tcpDir, "tcp-reader.js")) as ReaderClass;
const TcpWriter = require(join(tcpDir, "tcp-writer.js")) as new (transporter: unknown, opts: unknown) => Emitting;

export interface LoopbackTcpOptions {
	/** Interface to listen on and announce to peers. Default `127.0.0.1`. */
	readonly host: string;
	/** Port to listen on; `0` picks a free one. */
	readonly port: number;
	/** Known peers as `host:port/nodeID`; others are learned from them by gossip. */
	readonly peers: readonly string[];
}

/**
 * Moleculer's TCP transporter listens on every interface and finds peers by
 * UDP multicast. This one listens on one host (loopback unless told
 * otherwise), announces that host, and finds peers from an explicit list.
 */
export class LoopbackTcpTransporter extends Transporters.TCP {
	private readonly host: string;

	constructor(options: LoopbackTcpOptions) {
		super({
			port: options.port,
			...(options.peers.length > 0 ? { urls: options.peers.join(",") } : {}),
			udpDiscovery: false,
			useHostname: false
		});
		this.host = options.host;
	}

	override connect(): Promise<void> {
		// Peers connect to the first address a node announces: make it the one we listen on.
		const self = this as unknown as { nodes: { localNode: { ipList: string[] } } };
		self.nodes.localNode.ipList = [this.host];
		return super.connect();
	}

	override startTcpServer(): Promise<void> {
		const self = this as unknown as {
			writer: Emitting;
			reader: InstanceType<ReaderClass>;
			opts: unknown;
			logger: { debug(msg: string, err?: unknown): void };
			nodes: { disconnected(nodeID: string, unexpected: boolean): void };
		};
		self.writer = new TcpWriter(this, self.opts);
		self.reader = new TcpReader(this, self.opts);
		self.writer.on("error", (err: unknown, nodeID: string) => {
			self.logger.debug(`TCP client error on '${nodeID}'`, err);
			self.nodes.disconnected(nodeID, false);
		});
		self.writer.on("end", (nodeID: string) => {
			self.logger.debug(`TCP connection ended with '${nodeID}'`);
			self.nodes.disconnected(nodeID, false);
		});
		return listenOn(self.reader, this.host).then(() => undefined);
	}
}

function listenOn(reader: InstanceType<ReaderClass>, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer(socket => reader.onTcpClientConnected(socket));
		server.once("error", reject);
		server.listen({ host, port: reader.opts.port ?? 0, exclusive: true }, () => {
			server.off("error", reject);
			server.on("error", err => reader.logger.error("TCP server error.", err));
			const address = server.address() as AddressInfo;
			reader.opts.port = address.port;
			reader.connected = true;
			reader.logger.info(`TCP server is listening on ${host}:${address.port}`);
			resolve(address.port);
		});
		reader.server = server;
	});
}

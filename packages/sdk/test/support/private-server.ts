import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import { eventually } from "../../src/testing/index.js";

/** A broker server of the test's own (port, data directory) that it may kill; the shared servers are never touched. */
export interface PrivateServer {
	readonly url: string;
	/** SIGKILL: no shutdown, as in a crash. */
	kill(): Promise<void>;
	/** Starts it again on the same port and data directory. */
	restart(): Promise<void>;
}

async function freePort(): Promise<number> {
	const server = createServer();
	server.listen(0, "127.0.0.1");
	await once(server, "listening");
	const address = server.address();
	server.close();
	if (typeof address !== "object" || address === null) throw new Error("no port");
	return address.port;
}

function portOpen(port: number): Promise<boolean> {
	return new Promise<boolean>(resolve => {
		const socket = connect({ host: "127.0.0.1", port });
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
	await eventually(() => portOpen(port), { timeoutMs, intervalMs: 50, what: `port ${port} open` });
}

async function startPrivate(
	t: Test,
	scheme: string,
	command: string,
	args: (port: number, dir: string) => string[]
): Promise<PrivateServer> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), `backbeat-${command}-`));
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn(command, args(port, dir), { stdio: "ignore" });
		await waitForPort(port, 10_000);
	};
	const kill = async () => {
		const running = child;
		child = undefined;
		if (running && running.exitCode === null && running.signalCode === null) {
			running.kill("SIGKILL");
			await once(running, "exit");
		}
	};
	t.teardown(async () => {
		await kill();
		rmSync(dir, { recursive: true, force: true });
	});
	await start();
	return { url: `${scheme}://127.0.0.1:${port}`, kill, restart: start };
}

export function startPrivateNats(t: Test): Promise<PrivateServer> {
	return startPrivate(t, "nats", "nats-server", (port, dir) => ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir]);
}

/** Redis with an fsync'd append-only file, so a SIGKILL loses no acknowledged write. */
export function startPrivateRedis(t: Test): Promise<PrivateServer> {
	return startPrivate(t, "redis", "redis-server", (port, dir) => [
		"--port",
		String(port),
		"--bind",
		"127.0.0.1",
		"--dir",
		dir,
		"--appendonly",
		"yes",
		"--appendfsync",
		"always",
		"--save",
		""
	]);
}

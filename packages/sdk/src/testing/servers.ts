import { connect } from "node:net";

/** The servers Backbeat's tests and users' tests may need. */
export type ServerKind = "nats" | "redis" | "amqp" | "mqtt" | "postgres";

/** Where each server is expected; override with `BACKBEAT_TEST_<KIND>_URL`. */
export const DEFAULT_SERVER_URLS: Readonly<Record<ServerKind, string>> = {
	nats: "nats://127.0.0.1:4222",
	redis: "redis://127.0.0.1:6379",
	amqp: "amqp://guest:guest@127.0.0.1:5672",
	mqtt: "mqtt://127.0.0.1:1883",
	postgres: "postgres://postgres@127.0.0.1:5432/test"
};

const DEFAULT_PORTS: Readonly<Record<ServerKind, number>> = { nats: 4222, redis: 6379, amqp: 5672, mqtt: 1883, postgres: 5432 };

export function serverUrl(kind: ServerKind, env: NodeJS.ProcessEnv = process.env): string {
	return env[`BACKBEAT_TEST_${kind.toUpperCase()}_URL`] ?? DEFAULT_SERVER_URLS[kind];
}

function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect({ host, port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once("connect", () => done(true));
		socket.once("error", () => done(false));
	});
}

/**
 * Why a test needing `kind` must be skipped, or `false` when the server
 * answers. With `BACKBEAT_REQUIRE_SERVICES=1` (set in CI) an absent server is
 * an error instead, so a missing server can't turn a red run green.
 *
 * ```ts
 * t.test("over NATS", { skip: await skipUnlessServer("nats") }, async t => { ... })
 * ```
 */
export async function skipUnlessServer(kind: ServerKind, env: NodeJS.ProcessEnv = process.env): Promise<string | false> {
	const url = new URL(serverUrl(kind, env));
	const port = url.port === "" ? DEFAULT_PORTS[kind] : Number(url.port);
	if (await canConnect(url.hostname, port, 1000)) return false;
	const reason = `${kind} server not reachable at ${url.hostname}:${port}`;
	if (env["BACKBEAT_REQUIRE_SERVICES"] === "1") {
		throw new Error(`${reason}, and BACKBEAT_REQUIRE_SERVICES=1 requires it`);
	}
	return `${reason} (set BACKBEAT_REQUIRE_SERVICES=1 to make this a failure)`;
}

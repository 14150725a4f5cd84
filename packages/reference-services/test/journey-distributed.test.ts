// The listener's journey against a distributed platform: the gateway,
// users+catalog, and library+playlists in three processes (src/main.ts with
// --services), meeting over NATS, each service in its own PostgreSQL schema,
// events over JetStream.
import { issueToken } from "@backbeat/sdk/gateway";
import { cleanChannels, eventually, serverUrl, skipUnlessServer, testDatabaseUrl, uniqueNamespace } from "@backbeat/sdk/testing";
import t from "tap";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { walkJourney } from "./support/journey.js";
import { runPlatform } from "./support/platform-process.js";

const SECRET = "distributed-journey-secret-0123456789-abcdef";
const skip = (await skipUnlessServer("nats")) || (await skipUnlessServer("postgres"));

t.test("register → … → a collaborator edits, in three processes over NATS, PostgreSQL and JetStream", { skip }, async t => {
	useTemporaryDataDir(t);
	const nats = serverUrl("nats");
	const namespace = uniqueNamespace("journey");
	cleanChannels(t, nats, namespace);
	const shared = {
		BACKBEAT_TRANSPORTER: nats,
		BACKBEAT_CHANNELS_URL: nats,
		BACKBEAT_NAMESPACE: namespace,
		BACKBEAT_JWT_SECRET: SECRET,
		PORT: "0"
	};
	const start = (services: string, env: Record<string, string> = {}) => {
		const process = runPlatform({ ...shared, ...env }, ["--services", services]);
		t.teardown(async () => {
			if (process.child.exitCode === null) {
				process.child.kill("SIGTERM");
				await process.exited;
			}
		});
		return process;
	};
	const core = start("users,catalog", {
		USERS_DATABASE_URL: testDatabaseUrl(t, "postgres", "users"),
		CATALOG_DATABASE_URL: testDatabaseUrl(t, "postgres", "catalog")
	});
	const mine = start("library,playlists", {
		LIBRARY_DATABASE_URL: testDatabaseUrl(t, "postgres", "library"),
		PLAYLISTS_DATABASE_URL: testDatabaseUrl(t, "postgres", "playlists")
	});
	const gateway = start("gateway");
	const [, , url] = await Promise.all([core.ready, mine.ready, gateway.ready]);
	t.match(gateway.output().stdout, /Services: +gateway\n/);
	const baseUrl = `${url}/api`;
	// Ready once the gateway's broker has discovered every service: a playlist lookup reaches the playlists service.
	const token = await issueToken({ id: "probe", roles: [] }, { secret: SECRET });
	await eventually(
		async () => {
			const [search, playlist] = await Promise.all([
				fetch(`${baseUrl}/search?q=lo`),
				fetch(`${baseUrl}/playlists/none`, { headers: { authorization: `Bearer ${token}` } })
			]);
			return search.status === 200 && playlist.status === 404;
		},
		{ timeoutMs: 30_000, what: "the gateway reaches the catalog and the playlists" }
	);
	await walkJourney(t, baseUrl);
	t.equal(core.child.exitCode, null, "every process is still running");
});

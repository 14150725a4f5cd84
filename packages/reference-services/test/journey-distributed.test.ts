// The listener's journey against a distributed platform: the gateway,
// users+catalog, and library+playlists (twice) in four processes (src/main.ts
// with --services), meeting over NATS, each service in its own PostgreSQL
// schema, events over JetStream; the two library+playlists instances share
// the calls.
import { issueToken } from "@backbeat/sdk/gateway";
import {
	cleanChannels,
	eventually,
	serverUrl,
	skipUnlessServer,
	startTestBroker,
	testDatabaseUrl,
	uniqueNamespace
} from "@backbeat/sdk/testing";
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
	const personal = {
		LIBRARY_DATABASE_URL: testDatabaseUrl(t, "postgres", "library"),
		PLAYLISTS_DATABASE_URL: testDatabaseUrl(t, "postgres", "playlists")
	};
	// Two instances of library and playlists on the same databases: they share the calls.
	const mine = start("library,playlists", personal);
	const mineAgain = start("library,playlists", personal);
	const gateway = start("gateway");
	const [, , , url] = await Promise.all([core.ready, mine.ready, mineAgain.ready, gateway.ready]);
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
	t.ok(
		[core, mine, mineAgain, gateway].every(process => process.child.exitCode === null),
		"every process is still running"
	);

	// Which node answers each call: Moleculer keeps the chosen endpoint on the call's context.
	const observer = await startTestBroker(t, { transporter: nats, channels: nats, namespace });
	await observer.waitForServices(["v1.playlists"], 10_000);
	const answeredBy = new Set<string>();
	await eventually(async () => {
		const call = observer.call("v1.playlists.mine", {}, { meta: { user: { id: "observer", roles: [] } } });
		await call;
		answeredBy.add(String((call as unknown as { ctx: { nodeID: string } }).ctx.nodeID));
		return answeredBy.size === 2;
	});
	t.equal(answeredBy.size, 2, "both playlists instances answer calls");
});

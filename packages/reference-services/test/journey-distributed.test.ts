// The listener's journey against a distributed platform in six processes
// (src/main.ts with --services): the gateway; users, catalog, payments, the
// payment provider and notifications; library and playlists (twice, sharing the calls);
// streaming; recommendations. They meet over NATS, each service in its own
// PostgreSQL schema, events over JetStream. Mid-journey the streaming and
// recommendations processes are killed with SIGKILL and started again;
// afterwards the recommendations ledger holds every completed play once.
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
import { openRecommendationsDatabase } from "../src/recommendations/database.js";
import { openStreamingDatabase } from "../src/streaming/database.js";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { walkJourney } from "./support/journey.js";
import { runPlatform } from "./support/platform-process.js";

const SECRET = "distributed-journey-secret-0123456789-abcdef";
const skip = (await skipUnlessServer("nats")) || (await skipUnlessServer("postgres"));

t.test("the whole journey in six processes over NATS, PostgreSQL and JetStream, through two SIGKILLs", { skip }, async t => {
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
			if (process.child.exitCode === null && process.child.signalCode === null) {
				process.child.kill("SIGTERM");
				await process.exited;
			}
		});
		return process;
	};
	const url = (service: string) => testDatabaseUrl(t, "postgres", service);
	const databases = {
		USERS_DATABASE_URL: url("users"),
		CATALOG_DATABASE_URL: url("catalog"),
		PAYMENTS_DATABASE_URL: url("payments"),
		PAYMENTS_PROVIDER_DATABASE_URL: url("payments_provider"),
		NOTIFICATIONS_DATABASE_URL: url("notifications"),
		LIBRARY_DATABASE_URL: url("library"),
		PLAYLISTS_DATABASE_URL: url("playlists"),
		STREAMING_DATABASE_URL: url("streaming"),
		RECOMMENDATIONS_DATABASE_URL: url("recommendations")
	};
	const core = start("users,catalog,payments,payments-provider,notifications", databases);
	// Two instances of library and playlists on the same databases: they share the calls.
	const mine = start("library,playlists", databases);
	const mineAgain = start("library,playlists", databases);
	let streaming = start("streaming", databases);
	let recommendations = start("recommendations", databases);
	const gateway = start("gateway");
	const [, , , , , gatewayUrl] = await Promise.all([
		core.ready,
		mine.ready,
		mineAgain.ready,
		streaming.ready,
		recommendations.ready,
		gateway.ready
	]);
	t.match(gateway.output().stdout, /Services: +gateway\n/);
	const baseUrl = `${gatewayUrl}/api`;
	// Ready once the gateway's broker has discovered every service: each answers a request of its own.
	const probe = { authorization: `Bearer ${await issueToken({ id: "probe", roles: [] }, { secret: SECRET })}` };
	const everyServiceAnswers = async () => {
		const statuses = await Promise.all(
			[
				"/search?q=lo",
				"/playlists/none",
				"/me/player/recently-played",
				"/me/recommendations",
				"/me/notifications",
				"/me/subscription"
			].map(async path => (await fetch(`${baseUrl}${path}`, { headers: probe })).status)
		);
		return statuses.join() === "200,404,200,200,200,200";
	};
	await eventually(everyServiceAnswers, { timeoutMs: 30_000, what: "the gateway reaches every service" });

	const { completedPlays } = await walkJourney(t, baseUrl, {
		eventualMs: 30_000,
		// Right after the last play completed: its event may still be in the outbox, on JetStream or mid-batch in the consumer.
		afterPlays: async () => {
			streaming.child.kill("SIGKILL");
			recommendations.child.kill("SIGKILL");
			await Promise.all([streaming.exited, recommendations.exited]);
			streaming = start("streaming", databases);
			recommendations = start("recommendations", databases);
			await Promise.all([streaming.ready, recommendations.ready]);
			await eventually(everyServiceAnswers, { timeoutMs: 30_000, what: "the restarted services answer" });
		}
	});
	t.ok(
		[core, mine, mineAgain, streaming, recommendations, gateway].every(process => process.child.exitCode === null),
		"every process is still running"
	);

	// The ledger: every completed play counted once by recommendations, none lost, none twice.
	const streamingDb = openStreamingDatabase(databases.STREAMING_DATABASE_URL);
	const recommendationsDb = openRecommendationsDatabase(databases.RECOMMENDATIONS_DATABASE_URL);
	t.teardown(() => Promise.all([streamingDb.close(), recommendationsDb.close()]));
	const completed = await streamingDb.db.selectFrom("plays").select("play_id").where("state", "=", "completed").execute();
	t.same(completed.map(row => row.play_id).sort(), [...completedPlays].sort(), "the streaming service recorded every completed play");
	// An event the killed consumer held unacknowledged is handed out again after the channel's ack wait (30 s).
	const counted = await eventually(
		async () => {
			const rows = await recommendationsDb.db.selectFrom("counted_plays").select("play_id").execute();
			return rows.length >= completedPlays.length && rows;
		},
		{ timeoutMs: 60_000, what: "every completed play in the recommendations ledger" }
	);
	t.same(counted.map(row => row.play_id).sort(), [...completedPlays].sort(), "each completed play is in the ledger, once");
	const listens = await recommendationsDb.db
		.selectFrom("user_tracks")
		.select(eb => eb.fn.sum<number>("plays").as("n"))
		.executeTakeFirstOrThrow();
	t.equal(Number(listens.n), completedPlays.length, "and counted as one listen each");

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

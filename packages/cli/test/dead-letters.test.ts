// `backbeat dead-letters` against a cluster in this process: PostgreSQL for state,
// NATS as transporter and JetStream for the outbox's channels; the CLI joins over NATS.
import { randomUUID } from "node:crypto";
import { consume, createBroker, defineContract, defineService, openDatabase, type DeadLetter, type Migration } from "@backbeat/sdk";
import { cleanChannels, serverUrl, skipUnlessServer, uniqueNamespace } from "@backbeat/sdk/testing";
import t from "tap";
import { z } from "zod";
import { backbeatAsync, tempDir } from "./support/cli.js";
import { postgresSchema } from "./support/servers.js";

const Payments = defineContract({
	name: "payments",
	version: 1,
	actions: { charge: { params: z.object({ account: z.string(), amount: z.number().int() }), returns: z.object({ id: z.string() }) } },
	events: { charged: { payload: z.object({ id: z.string(), account: z.string(), amount: z.number().int() }) } }
});

const table = (name: string, key: string): Migration[] => [
	{
		id: `001-${name}`,
		async up(db) {
			await db.schema
				.createTable(name)
				.addColumn(key, "text", c => c.primaryKey())
				.addColumn("account", "text", c => c.notNull())
				.addColumn("amount", "integer", c => c.notNull())
				.execute();
		}
	}
];

/** Payments writes a charge and its event in one transaction; the ledger books each charge, and can't book a negative one until fixed. */
function paymentsCluster(urls: { payments: string; ledger: string }) {
	const paymentsDb = openDatabase<{ charges: { id: string; account: string; amount: number } }>({
		url: urls.payments,
		migrations: table("charges", "id")
	});
	const ledgerDb = openDatabase<{ entries: { event_id: string; account: string; amount: number } }>({
		url: urls.ledger,
		migrations: table("entries", "event_id")
	});
	const state = { fixed: false, booked: [] as number[], onBooked: (_amount: number) => {} };
	const payments = defineService(Payments, {
		outbox: { database: paymentsDb },
		actions: {
			charge: ctx =>
				paymentsDb.transaction(async tx => {
					const id = randomUUID();
					await tx.db
						.insertInto("charges")
						.values({ id, ...ctx.params })
						.execute();
					// Keyed by account: the ledger handles one account's charges in order.
					await tx.publish(Payments, "charged", { id, ...ctx.params }, { key: ctx.params.account });
					return { id };
				})
		},
		stopped: () => paymentsDb.close()
	});
	const ledger = defineService(defineContract({ name: "ledger", version: 1, actions: {} }), {
		actions: {},
		consumers: [
			consume(
				Payments,
				ledgerDb,
				{
					async charged(event, tx) {
						if (event.payload.amount < 0 && !state.fixed)
							throw new Error(`cannot book a negative charge of ${event.payload.amount}`);
						await tx.db
							.insertInto("entries")
							.values({ event_id: event.id, account: event.payload.account, amount: event.payload.amount })
							.execute();
						state.booked.push(event.payload.amount);
						state.onBooked(event.payload.amount);
					}
				},
				{ maxAttempts: 2, backoff: { baseMs: 5, capMs: 20 } }
			)
		],
		stopped: () => ledgerDb.close()
	});
	const plain = defineService(defineContract({ name: "plain", version: 1, actions: {} }), { actions: {} });
	const booked = (amount: number) => new Promise<void>(resolve => (state.onBooked = got => got === amount && resolve()));
	return { services: [payments, ledger, plain], state, booked, ledgerDb };
}

const skip = (await skipUnlessServer("nats")) || (await skipUnlessServer("postgres"));
t.test("dead-letters list and replay a poison event of a running cluster", { skip }, async t => {
	const cwd = tempDir(t);
	const nats = serverUrl("nats");
	const namespace = uniqueNamespace("dlq");
	cleanChannels(t, serverUrl("nats"), namespace);
	const cluster = paymentsCluster({ payments: postgresSchema(t, "payments").url, ledger: postgresSchema(t, "ledger").url });
	const broker = createBroker({ transporter: nats, channels: nats, namespace, logLevel: "error", services: cluster.services });
	t.teardown(() => broker.stop());
	await broker.start();
	const cli = (...args: string[]) => backbeatAsync(cwd, "dead-letters", ...args, "--transporter", nats, "--namespace", namespace);

	// The poison charge and then a good one of the same account: once the good one is booked,
	// the poison one has been parked, since one account's events are handled in order.
	const afterPoison = cluster.booked(7);
	await broker.call("v1.payments.charge", { account: "acct-1", amount: -3 });
	await broker.call("v1.payments.charge", { account: "acct-1", amount: 7 });
	await afterPoison;
	t.same(cluster.state.booked, [7]);

	const listed = await cli("list");
	t.equal(listed.status, 0, listed.stderr);
	const letters = JSON.parse(listed.stdout) as Array<DeadLetter & { service: string }>;
	t.equal(letters.length, 1, "one dead letter");
	const [letter] = letters;
	t.match(letter, {
		service: "v1.ledger",
		group: "v1.ledger",
		type: "v1.payments.charged",
		key: "acct-1",
		attempts: 2,
		envelope: { payload: { account: "acct-1", amount: -3 } }
	});
	t.match(letter?.error.message, /cannot book a negative charge of -3/);
	const eventId = letter!.eventId;
	t.same(
		JSON.parse((await cli("list", "--service", "ledger", "--group", "v1.ledger", "--limit", "5")).stdout),
		letters,
		"filtered to that service and group: the same letter"
	);

	const cases: Array<[string[], number, RegExp]> = [
		[
			["list", "--service", "plain"],
			2,
			/service 'plain' has no consumers, so no dead letters \(services with dead letters: v1\.ledger\)/
		],
		[["list", "--service", "nope", "--timeout", "3000"], 2, /no running service 'nope' \(services with dead letters: v1\.ledger\)/],
		[["list", "--group", "v1.nobody"], 2, /no consumer group 'v1\.nobody' in the cluster \(groups: v1\.ledger\)/],
		[["list", "--limit", "0"], 2, /--limit must be an integer from 1 to 10000, got '0'/],
		[["list", "--id", eventId], 2, /--id is for 'dead-letters replay', not list/],
		[["replay"], 2, /say which letters to replay: --id <eventId> for one, or --all/],
		[["replay", "--id", eventId, "--all"], 2, /say which letters to replay/],
		[["replay", "--id", "no-such-event"], 1, /no dead letter of event 'no-such-event' in v1\.ledger/],
		[["purge"], 2, /unknown subcommand 'purge': expected 'list' or 'replay'/]
	];
	// Independent of each other and read-only: run together.
	const runs = await Promise.all(cases.map(([args]) => cli(...args)));
	cases.forEach(([args, status, message], i) => {
		t.equal(runs[i]!.status, status, args.join(" "));
		t.match(runs[i]!.stderr, message, args.join(" "));
	});
	const elsewhere = await backbeatAsync(
		cwd,
		"dead-letters",
		"list",
		"--transporter",
		nats,
		"--namespace",
		uniqueNamespace("empty"),
		"--timeout",
		"3000"
	);
	t.equal(elsewhere.status, 1, "a cluster without consumers");
	t.match(
		elsewhere.stderr,
		/no running service of this cluster has consumers, so none keeps dead letters \(services: none; check --transporter and --namespace\)/
	);
	const noTransporter = await backbeatAsync(cwd, "dead-letters", "list");
	t.equal(noTransporter.status, 2);
	t.match(noTransporter.stderr, /no transporter: pass --transporter/);

	const stillBroken = await cli("replay", "--all");
	t.equal(stillBroken.status, 1, "the handler still fails: the letter stays");
	t.same(JSON.parse(stillBroken.stdout), { replayed: 0, failed: 1, services: [{ service: "v1.ledger", replayed: 0, failed: 1 }] });
	t.match(stillBroken.stderr, /1 letter failed again and stays/);
	t.match(JSON.parse((await cli("list")).stdout), [{ eventId, attempts: 3 }], "the failed replay counted as an attempt");

	cluster.state.fixed = true;
	const replayed = await cli("replay", "--id", eventId, "--service", "v1.ledger");
	t.equal(replayed.status, 0, replayed.stderr);
	t.same(JSON.parse(replayed.stdout), { replayed: 1, failed: 0, services: [{ service: "v1.ledger", replayed: 1, failed: 0 }] });
	t.same(cluster.state.booked, [7, -3], "the fixed handler booked it");
	t.same(await cluster.ledgerDb.db.selectFrom("entries").select("amount").orderBy("amount").execute(), [{ amount: -3 }, { amount: 7 }]);
	const empty = await cli("list");
	t.equal(empty.status, 0, empty.stderr);
	t.same(JSON.parse(empty.stdout), [], "no dead letters left");
});

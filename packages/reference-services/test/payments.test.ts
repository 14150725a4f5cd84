// Payments through the gateway with the simulated provider, on SQLite and
// PostgreSQL: plans, checkout per test card, the Idempotency-Key under 20
// concurrent requests, the subscription state machine through renewals,
// failures and cancellation (on a clock the test moves), signed webhooks and
// their retried delivery, the events, and no card number stored anywhere.
import { client, consume, defineContract, defineService } from "@backbeat/sdk";
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import { sql } from "kysely";
import type { Test } from "tap";
import t from "tap";
import { PaymentsContract } from "../src/payments/contract.js";
import { openPaymentsDatabase } from "../src/payments/database.js";
import { createPaymentsService } from "../src/payments/service.js";
import { signWebhook } from "../src/payments/webhook-signature.js";
import { PaymentsProviderContract } from "../src/payments-provider/contract.js";
import { openPaymentsProviderDatabase } from "../src/payments-provider/database.js";
import { createPaymentsProviderService } from "../src/payments-provider/service.js";
import { failure } from "./support/failure.js";

const SECRET = "payments-test-secret-0123456789-abcdefghijklmn";
const WEBHOOK_SECRET = "whsec-payments-test-0123456789";
const DAY = 86_400_000;
const CARDS = {
	ok: "4242424242424242",
	declined: "4000000000000002",
	insufficient: "4000000000009995",
	failsOnRenewal: "4000000000000341"
};
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const database = openPaymentsDatabase(testDatabaseUrl(t, dialect, "payments"));
	const providerDb = openPaymentsProviderDatabase(testDatabaseUrl(t, dialect, "payments_provider"));
	t.teardown(() => Promise.all([database.close(), providerDb.close()]));
	const clock = { ms: Date.parse("2026-12-01T10:00:00Z") };
	const now = () => clock.ms;
	const events: string[] = [];
	const Listener = defineContract({ name: "payments-listener", version: 1, actions: {} });
	const listener = defineService(Listener, {
		actions: {},
		consumers: [
			consume(PaymentsContract, database, {
				subscriptionActivated: async e => void events.push(`activated ${e.payload.userId} until ${e.payload.periodEnd}`),
				paymentFailed: async e => void events.push(`failed ${e.payload.userId} ${e.payload.reason} ${e.payload.cardLast4}`),
				subscriptionCanceled: async e => void events.push(`canceled ${e.payload.userId} ${e.payload.reason}`)
			})
		]
	});
	const payments = () => createPaymentsService(database, { now, webhookSecret: WEBHOOK_SECRET });
	const broker = await startTestBroker(t, {
		services: [
			payments(),
			createPaymentsProviderService(providerDb, { now, webhookSecret: WEBHOOK_SECRET, tickIntervalMs: false }),
			listener,
			createGateway({ contracts: [PaymentsContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	const tokenOf = (id: string) => issueToken({ id, roles: [] }, { secret: SECRET });
	const as = async (id: string) => httpClient(PaymentsContract, { baseUrl, token: await tokenOf(id) });
	const provider = client(broker, PaymentsProviderContract);
	/** Waits until the consumer has seen `count` events (each is awaited through the outbox, relay and channel). */
	const eventsSeen = async (count: number) => {
		await eventually(() => events.length >= count, { what: `${count} payments events (saw ${events.length})` }).catch(() => undefined);
		return [...events];
	};
	return { broker, database, providerDb, clock, events, eventsSeen, baseUrl, tokenOf, as, provider, payments, ada: await as("ada") };
}

type Setup = Awaited<ReturnType<typeof start>>;

/** POSTs a webhook body with a signature header, as the provider would (or as an attacker might). */
function postWebhook(setup: Setup, body: string, signature: string | undefined) {
	return fetch(`${setup.baseUrl}/payments/webhook`, {
		method: "POST",
		headers: { "content-type": "application/json", ...(signature === undefined ? {} : { "backbeat-signature": signature }) },
		body
	});
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`payments on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("plans are public: free and premium", async t => {
			const { baseUrl } = await start(t, dialect);
			const plans = await httpClient(PaymentsContract, { baseUrl }).plans({});
			t.same(plans, {
				items: [
					{ id: "free", name: "Free", priceCents: 0, currency: "EUR", interval: "month", bitrateKbps: 160, ads: true },
					{ id: "premium", name: "Premium", priceCents: 999, currency: "EUR", interval: "month", bitrateKbps: 320, ads: false }
				]
			});
		});

		t.test("checkout with 4242…: 201, active for a month, the event; a second subscription is 409", async t => {
			const { ada, eventsSeen, provider } = await start(t, dialect);
			t.same(await ada.subscription({}), {
				id: null,
				planId: "free",
				status: "none",
				currentPeriodEnd: null,
				cancelAtPeriodEnd: false,
				cardLast4: null
			});
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "k1" });
			t.match(subscription, {
				id: /^sub_/,
				planId: "premium",
				status: "active",
				currentPeriodEnd: "2027-01-01T10:00:00.000Z",
				cancelAtPeriodEnd: false,
				cardLast4: "4242"
			});
			t.same(await ada.subscription({}), subscription);
			t.same(await eventsSeen(1), ["activated ada until 2027-01-01T10:00:00.000Z"]);
			t.match(await failure(ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "k2" })), {
				status: 409,
				code: "CONFLICT",
				data: { subscriptionId: subscription.id }
			});
			t.equal((await provider.stats({})).charges, 1, "the conflict charged nothing");
		});

		t.test("declined cards are 402 with the reason; the subscription stays incomplete; paymentFailed is published", async t => {
			const { ada, as, eventsSeen, provider } = await start(t, dialect);
			const declined = await failure(ada.checkout({ planId: "premium", card: card(CARDS.declined) }, { idempotencyKey: "d1" }));
			t.match(declined, { status: 402, code: "PAYMENT_REQUIRED", data: { reason: "card_declined" }, message: /declined/ });
			t.match(await ada.subscription({}), { status: "incomplete", planId: "premium", cardLast4: "0002", currentPeriodEnd: null });
			const again = await failure(ada.checkout({ planId: "premium", card: card(CARDS.declined) }, { idempotencyKey: "d1" }));
			t.same({ code: again.code, data: again.data }, { code: declined.code, data: declined.data }, "a repeat replays the 402");
			const bob = await as("bob");
			t.match(await failure(bob.checkout({ planId: "premium", card: card(CARDS.insufficient) }, { idempotencyKey: "d1" })), {
				status: 402,
				data: { reason: "insufficient_funds" },
				message: /insufficient funds/
			});
			t.equal((await provider.stats({})).charges, 2, "one charge per key and user");
			t.same((await eventsSeen(2)).sort(), ["failed ada card_declined 0002", "failed bob insufficient_funds 9995"]);
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "d2" });
			t.equal(subscription.status, "active", "another card then goes through");
		});

		t.test("bad card input is 422 naming the field; no Idempotency-Key is 400; nothing is charged", async t => {
			const { ada, provider, baseUrl, tokenOf } = await start(t, dialect);
			const cases: [string, unknown, string][] = [
				["a number failing Luhn's check", { ...card("4242424242424241") }, "card.number"],
				["15 digits", { ...card("424242424242424") }, "card.number"],
				["month 13", { ...card(CARDS.ok), expMonth: 13 }, "card.expMonth"],
				["a 2-digit cvc", { ...card(CARDS.ok), cvc: "12" }, "card.cvc"],
				["an expired year", { ...card(CARDS.ok), expYear: 2025 }, "card.expYear"],
				["an expired month", { ...card(CARDS.ok), expYear: 2026, expMonth: 11 }, "card.expMonth"]
			];
			for (const [name, bad, path] of cases) {
				const error = await failure(
					ada.checkout({ planId: "premium", card: bad as ReturnType<typeof card> }, { idempotencyKey: name })
				);
				t.match(error, { status: 422, code: "VALIDATION_FAILED", data: { issues: [{ path }] } }, name);
			}
			const free = await failure(ada.checkout({ planId: "free" as "premium", card: card(CARDS.ok) }, { idempotencyKey: "free" }));
			t.match(free, { status: 422, data: { issues: [{ path: "planId" }] } }, "the free plan needs no checkout");
			const res = await fetch(`${baseUrl}/checkout`, {
				method: "POST",
				headers: { authorization: `Bearer ${await tokenOf("ada")}`, "content-type": "application/json" },
				body: JSON.stringify({ planId: "premium", card: card(CARDS.ok) })
			});
			t.equal(res.status, 400);
			t.match(await res.json(), { error: { code: "BAD_REQUEST", data: { header: "Idempotency-Key" } } });
			t.match(await failure(httpClient(PaymentsContract, { baseUrl }).checkout({ planId: "premium", card: card(CARDS.ok) })), {
				status: 401
			});
			t.equal((await provider.stats({})).charges, 0);
			t.equal((await ada.subscription({})).status, "none");
		});

		t.test("20 concurrent identical checkouts with one key: one charge, the same answer for all; another body is 409", async t => {
			const { ada, as, provider } = await start(t, dialect);
			const answers = await Promise.all(
				Array.from({ length: 20 }, () => ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "once" }))
			);
			t.equal(new Set(answers.map(answer => JSON.stringify(answer))).size, 1, "one answer");
			t.equal(answers[0]?.subscription.status, "active");
			t.equal((await provider.stats({})).charges, 1, "one charge at the provider");
			t.match(await failure(ada.checkout({ planId: "premium", card: card(CARDS.failsOnRenewal) }, { idempotencyKey: "once" })), {
				status: 409,
				code: "CONFLICT",
				data: { reason: "IDEMPOTENCY_KEY_REUSED" }
			});
			const bob = await as("bob");
			const his = await bob.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "once" });
			t.not(his.subscription.id, answers[0]?.subscription.id, "another user's same key is his own checkout");
			t.equal((await provider.stats({})).charges, 2);
		});

		t.test("two checkouts at once under different keys: one charge, the other is 409", async t => {
			const { ada, provider } = await start(t, dialect);
			const answers = await Promise.allSettled(
				["tab-1", "tab-2"].map(key => ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: key }))
			);
			const refused = answers.flatMap(answer => (answer.status === "rejected" ? [answer.reason] : []));
			t.equal(answers.filter(answer => answer.status === "fulfilled").length, 1, "one subscription");
			t.match(refused, [{ status: 409, code: "CONFLICT" }], "the other is refused");
			t.equal((await provider.stats({})).charges, 1, "one charge at the provider");
		});

		t.test("renewals: 4242… renews and stays active, one event per period", async t => {
			const { ada, clock, provider, eventsSeen } = await start(t, dialect);
			await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "r" });
			t.match(await provider.runDue({}), { renewed: 0, delivered: 0 }, "nothing due before the period end");
			clock.ms = Date.parse("2027-01-01T10:00:00Z");
			t.match(await provider.runDue({}), { renewed: 1, failed: 0, delivered: 1, pending: 0 });
			t.match(await ada.subscription({}), { status: "active", currentPeriodEnd: "2027-02-01T10:00:00.000Z" });
			clock.ms = Date.parse("2027-03-05T00:00:00Z");
			t.match(await provider.runDue({}), { renewed: 2, delivered: 2 }, "a clock that jumped two periods renews both");
			t.match(await ada.subscription({}), { status: "active", currentPeriodEnd: "2027-04-01T10:00:00.000Z" });
			t.same(await eventsSeen(4), [
				"activated ada until 2027-01-01T10:00:00.000Z",
				"activated ada until 2027-02-01T10:00:00.000Z",
				"activated ada until 2027-03-01T10:00:00.000Z",
				"activated ada until 2027-04-01T10:00:00.000Z"
			]);
			t.equal((await provider.stats({})).charges, 4);
		});

		t.test("a subscription that can't be renewed neither stops the others' renewals nor the webhooks", async t => {
			const { ada, as, clock, provider, providerDb } = await start(t, dialect);
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "a" });
			const bob = await as("bob");
			await bob.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "b" });
			// Ada's card vanishes from the provider: her renewal can only fail.
			const adas = await providerDb.db
				.selectFrom("provider_subscriptions")
				.select("payment_method_id")
				.where("reference", "=", subscription.id as string)
				.executeTakeFirstOrThrow();
			await providerDb.db.deleteFrom("payment_methods").where("id", "=", adas.payment_method_id).execute();
			clock.ms = Date.parse("2027-01-01T11:00:00Z");
			const round = await provider.runDue({}).catch((error: unknown) => error);
			t.match(round, { code: "INTERNAL_SERVER_ERROR", message: /1 subscription\(s\) not renewed/ }, "the round says what failed");
			t.match(
				await bob.subscription({}),
				{ status: "active", currentPeriodEnd: "2027-02-01T10:00:00.000Z" },
				"Bob's renewed, webhook delivered"
			);
			t.match(await provider.runDue({}), { renewed: 0 }, "the failing one waits a retry period instead of spinning");
		});

		t.test("4000…0341 fails on renewal: past_due and paymentFailed, retried daily, then canceled (payment_failed)", async t => {
			const { ada, clock, provider, eventsSeen } = await start(t, dialect);
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.failsOnRenewal) }, { idempotencyKey: "f" });
			t.equal(subscription.status, "active", "the first charge goes through");
			clock.ms = Date.parse("2027-01-01T10:00:00Z");
			t.match(await provider.runDue({}), { renewed: 0, failed: 1, deleted: 0, delivered: 1 });
			t.match(await ada.subscription({}), { status: "past_due", currentPeriodEnd: "2027-01-01T10:00:00.000Z" });
			clock.ms += DAY;
			t.match(await provider.runDue({}), { failed: 1, deleted: 0 }, "the second attempt, a day later");
			t.equal((await ada.subscription({})).status, "past_due");
			clock.ms += DAY;
			t.match(await provider.runDue({}), { failed: 1, deleted: 1, delivered: 2 }, "the third fails and ends it");
			t.match(await ada.subscription({}), { status: "canceled", id: subscription.id });
			t.same(await eventsSeen(5), [
				"activated ada until 2027-01-01T10:00:00.000Z",
				"failed ada card_declined 0341",
				"failed ada card_declined 0341",
				"failed ada card_declined 0341",
				"canceled ada payment_failed"
			]);
			clock.ms += 40 * DAY;
			t.match(await provider.runDue({}), { renewed: 0, failed: 0, deleted: 0 }, "a canceled subscription is never charged again");
			t.match(await failure(ada.cancel({})), { status: 404 });
		});

		t.test("cancel at period end: active until then, canceled (requested) at the end", async t => {
			const { ada, as, clock, provider, eventsSeen } = await start(t, dialect);
			t.match(await failure(ada.cancel({})), { status: 404, code: "NOT_FOUND" }, "nothing to cancel");
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "c" });
			const canceled = await ada.cancel({});
			t.same(canceled, { ...subscription, cancelAtPeriodEnd: true }, "still active, until the period end");
			t.same(await ada.cancel({}), canceled, "canceling again changes nothing");
			t.match(await failure((await as("bob")).cancel({})), { status: 404 }, "Bob has nothing to cancel");
			clock.ms = Date.parse("2027-01-01T09:59:59Z");
			t.match(await provider.runDue({}), { deleted: 0 });
			t.equal((await ada.subscription({})).status, "active");
			clock.ms = Date.parse("2027-01-01T10:00:00Z");
			t.match(await provider.runDue({}), { renewed: 0, deleted: 1, delivered: 1 });
			t.match(await ada.subscription({}), { status: "canceled", cancelAtPeriodEnd: true });
			t.same(await eventsSeen(2), ["activated ada until 2027-01-01T10:00:00.000Z", "canceled ada requested"]);
			t.equal((await provider.stats({})).charges, 1, "never renewed");
			const again = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "c2" });
			t.equal(again.subscription.status, "active", "one can subscribe again");
		});

		t.test("webhook signatures: valid, replayed, tampered, stale, malformed, missing, another secret", async t => {
			const setup = await start(t, dialect);
			const { ada, clock, database, eventsSeen } = setup;
			const { subscription } = await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "w" });
			const row = await database.db
				.selectFrom("subscriptions")
				.selectAll()
				.where("id", "=", subscription.id)
				.executeTakeFirstOrThrow();
			const event = (id: string, periodEnd: string) =>
				JSON.stringify({
					id,
					type: "invoice.paid",
					created: Math.floor(clock.ms / 1000),
					data: { subscriptionId: row.provider_subscription_id, reference: row.id, periodEnd, reason: null }
				});
			const nowSec = () => Math.floor(clock.ms / 1000);
			const body = event("evt_test_1", "2027-02-01T10:00:00.000Z");
			const signature = signWebhook(WEBHOOK_SECRET, body, nowSec());
			const refused = async (res: Response, reason: string, what: string) => {
				t.equal(res.status, 400, what);
				t.match(await res.json(), { error: { code: "BAD_REQUEST", data: { reason }, message: /Webhook refused/ } }, what);
			};
			const periodEnd = async () => (await ada.subscription({})).currentPeriodEnd;

			await refused(
				await postWebhook(setup, body.replace("2027-02-01", "2099-02-01"), signature),
				"SIGNATURE_MISMATCH",
				"a tampered body"
			);
			await refused(
				await postWebhook(setup, body, signWebhook(WEBHOOK_SECRET, body, nowSec() - 301)),
				"TIMESTAMP_OUT_OF_TOLERANCE",
				"a timestamp over 5 minutes old"
			);
			await refused(
				await postWebhook(setup, body, signWebhook(WEBHOOK_SECRET, body, nowSec() + 301)),
				"TIMESTAMP_OUT_OF_TOLERANCE",
				"one from the future"
			);
			await refused(
				await postWebhook(setup, body, signWebhook("another-secret", body, nowSec())),
				"SIGNATURE_MISMATCH",
				"another secret"
			);
			for (const malformed of ["garbage", "t=abc,v1=00", `t=${nowSec()}`, `v1=${"a".repeat(64)}`, `t=${nowSec()},v1=xyz`])
				await refused(await postWebhook(setup, body, malformed), "SIGNATURE_MALFORMED", `malformed: ${malformed}`);
			await refused(await postWebhook(setup, body, undefined), "SIGNATURE_MISSING", "no header");
			t.equal(await periodEnd(), "2027-01-01T10:00:00.000Z", "no refused webhook changed anything");

			const accepted = await postWebhook(setup, body, signature);
			t.equal(accepted.status, 200);
			t.same(await accepted.json(), { received: true });
			t.equal(await periodEnd(), "2027-02-01T10:00:00.000Z", "a valid webhook applies");
			const replay = await postWebhook(setup, body, signature);
			t.equal(replay.status, 200, "a replay within the tolerance is a duplicate event id: 200");
			const second = event("evt_test_2", "2027-03-01T10:00:00.000Z");
			t.equal((await postWebhook(setup, second, signWebhook(WEBHOOK_SECRET, second, nowSec()))).status, 200);
			t.equal((await postWebhook(setup, body, signature)).status, 200);
			t.equal(await periodEnd(), "2027-03-01T10:00:00.000Z", "the replayed older event changed nothing");
			clock.ms += 301_000;
			await refused(await postWebhook(setup, body, signature), "TIMESTAMP_OUT_OF_TOLERANCE", "a replay after 5 minutes");
			t.same(await eventsSeen(3), [
				"activated ada until 2027-01-01T10:00:00.000Z",
				"activated ada until 2027-02-01T10:00:00.000Z",
				"activated ada until 2027-03-01T10:00:00.000Z"
			]);
			const ids = await database.db.selectFrom("webhook_events").select("event_id").orderBy("event_id").execute();
			t.same(
				ids.map(r => r.event_id),
				["evt_test_1", "evt_test_2"]
			);
		});

		t.test("webhook delivery is retried while the payments service is away, and then applied once", async t => {
			const { ada, broker, clock, provider, payments, eventsSeen } = await start(t, dialect);
			await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "retry" });
			await broker.destroyService(broker.getLocalService("v1.payments"));
			clock.ms = Date.parse("2027-01-01T10:00:00Z");
			t.match(await provider.runDue({}), { renewed: 1, delivered: 0, pending: 1 }, "renewed, the webhook waits");
			t.match(await provider.deliverWebhooks({}), { delivered: 0, pending: 1 }, "not before its backoff");
			broker.createService(payments());
			await broker.waitForServices(["v1.payments"]);
			clock.ms += 5_000;
			t.match(await provider.deliverWebhooks({}), { delivered: 1, pending: 0 }, "delivered after the backoff");
			t.match(await ada.subscription({}), { status: "active", currentPeriodEnd: "2027-02-01T10:00:00.000Z" });
			t.match(await provider.stats({}), { charges: 2, pendingWebhooks: 0, deliveredWebhooks: 1 });
			t.same(await eventsSeen(2), ["activated ada until 2027-01-01T10:00:00.000Z", "activated ada until 2027-02-01T10:00:00.000Z"]);
		});

		t.test("no card number is stored anywhere, in either service's tables", async t => {
			const { ada, as, database, providerDb, provider } = await start(t, dialect);
			await ada.checkout({ planId: "premium", card: card(CARDS.ok) }, { idempotencyKey: "s1" });
			for (const [user, number] of [
				["bob", CARDS.declined],
				["cy", CARDS.insufficient],
				["di", CARDS.failsOnRenewal]
			] as const)
				await (await as(user)).checkout({ planId: "premium", card: card(number) }, { idempotencyKey: "s" }).catch(() => undefined);
			await provider.runDue({});
			let rows = 0;
			let dump = "";
			for (const db of [database.db, providerDb.db]) {
				// On PostgreSQL the introspection sees every schema of the shared test database: only this service's own.
				const own =
					dialect === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
				const tables = (await db.introspection.getTables()).filter(table => table.schema === own);
				t.ok(tables.length >= 2, `${tables.map(table => table.name).join(", ")}`);
				for (const table of tables) {
					const name = own === undefined ? table.name : `${own}.${table.name}`;
					const found = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
					rows += found.rows.length;
					dump += JSON.stringify(found.rows);
				}
			}
			t.ok(rows >= 8, `${rows} rows dumped`);
			t.ok(dump.includes("0341"), "the last four digits are there");
			for (const number of Object.values(CARDS)) t.notOk(dump.includes(number.slice(0, 12)), `no trace of ${number.slice(-4)}`);
		});
	});
}

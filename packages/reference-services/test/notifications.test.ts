// Notifications through the gateway, on SQLite and PostgreSQL: playlists' and
// payments' events arrive through a real outbox, relay and consumer and become
// each user's inbox.
import { createGateway, gatewayPort, issueToken } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { NotificationsContract } from "../src/notifications/contract.js";
import { openNotificationsDatabase } from "../src/notifications/database.js";
import { createNotificationsService } from "../src/notifications/service.js";
import { PaymentsContract } from "../src/payments/contract.js";
import { PlaylistsContract } from "../src/playlists/contract.js";
import { eventFeeder } from "./support/feeder.js";
import { failure } from "./support/failure.js";

const SECRET = "notifications-test-secret-0123456789-abcdefghi";
const AT = "2026-12-01T09:00:00.000Z";

async function start(t: Test, dialect: "sqlite" | "postgres") {
	const database = openNotificationsDatabase(testDatabaseUrl(t, dialect, "notifications"));
	t.teardown(() => database.close());
	let clock = Date.parse("2026-12-01T10:00:00Z");
	const feeder = eventFeeder(t);
	const broker = await startTestBroker(t, {
		services: [
			createNotificationsService(database, { now: () => (clock += 1000) }),
			feeder.service,
			createGateway({ contracts: [NotificationsContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	const as = async (id: string) =>
		httpClient(NotificationsContract, { baseUrl, token: await issueToken({ id, roles: [] }, { secret: SECRET }) });
	/** One event of each kind for `userId`, in this order, each handled before the next is sent. */
	const everyKind = async (userId: string) => {
		const subscription = { subscriptionId: `sub-${userId}`, userId, planId: "premium" };
		const events = [
			() => feeder.publish(PlaylistsContract, "collaboratorAdded", { playlistId: "pl-1", ownerId: "bob", userId }, "pl-1"),
			() =>
				feeder.publish(
					PaymentsContract,
					"subscriptionActivated",
					{ ...subscription, periodEnd: "2027-01-01T00:00:00.000Z", at: AT },
					userId
				),
			() =>
				feeder.publish(
					PaymentsContract,
					"paymentFailed",
					{ ...subscription, reason: "card_declined", cardLast4: "4242", at: AT },
					userId
				),
			() => feeder.publish(PaymentsContract, "subscriptionCanceled", { ...subscription, reason: "payment_failed", at: AT }, userId)
		];
		for (const publish of events) {
			await publish();
			await feeder.settled(database);
		}
	};
	return { database, feeder, everyKind, baseUrl, ada: await as("ada"), bob: await as("bob") };
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`notifications on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("each event notifies the user it is about, newest first", async t => {
			const { ada, bob, everyKind } = await start(t, dialect);
			await everyKind("ada");
			const page = await ada.list({});
			t.match(page, { total: 4, unread: 4, limit: 20, offset: 0 });
			t.same(
				page.items.map(item => item.kind),
				["subscriptionCanceled", "paymentFailed", "subscriptionActivated", "collaboratorAdded"]
			);
			const [canceled, failed, activated, added] = page.items;
			t.match(added, {
				title: "You were added to a playlist",
				body: /bob added you to playlist pl-1/,
				data: { playlistId: "pl-1", ownerId: "bob" },
				readAt: null
			});
			t.match(activated, { body: /premium.*2027-01-01/, data: { subscriptionId: "sub-ada", planId: "premium" } });
			t.match(failed, { body: /ending in 4242.*card_declined/, data: { cardLast4: "4242", reason: "card_declined" } });
			t.match(canceled, { body: /could not be charged/, data: { reason: "payment_failed" } });
			t.ok(
				page.items.every((item, i) => i === 0 || item.createdAt < (page.items[i - 1]?.createdAt ?? "")),
				"createdAt falls down the list"
			);
			t.same(await bob.list({}), { items: [], total: 0, unread: 0, limit: 20, offset: 0 }, "nothing for Bob, the owner");
			t.same(
				(await ada.list({ limit: 2, offset: 1 })).items.map(item => item.kind),
				["paymentFailed", "subscriptionActivated"]
			);
		});

		t.test("mark read: once, idempotent; the unread filter and count follow; another user's is 404", async t => {
			const { ada, bob, everyKind } = await start(t, dialect);
			await everyKind("ada");
			await everyKind("bob");
			t.same(await ada.unreadCount({}), { unread: 4 });
			const [newest, second] = (await ada.list({})).items;
			const read = await ada.markRead({ id: second?.id ?? "" });
			t.match(read, { id: second?.id, kind: "paymentFailed", readAt: /^2026-12-01T10:/ });
			t.same(await ada.markRead({ id: second?.id ?? "" }), read, "reading again keeps the first time");
			t.same(await ada.unreadCount({}), { unread: 3 });
			const unread = await ada.list({ unread: true });
			t.match(unread, { total: 3, unread: 3 });
			t.notOk(
				unread.items.some(item => item.id === second?.id),
				"a read one is not among the unread"
			);
			t.match(await ada.list({}), { total: 4, unread: 3 }, "but still in the whole list");
			t.match(
				await failure(bob.markRead({ id: newest?.id ?? "" })),
				{ status: 404, code: "NOT_FOUND" },
				"Ada's notification, to Bob"
			);
			t.match(await failure(ada.markRead({ id: "nope" })), { status: 404 });
			t.same(await bob.unreadCount({}), { unread: 4 }, "Bob's own are untouched");
			t.equal((await ada.list({ unread: true })).items[0]?.readAt, null);
		});

		t.test("no token is 401; bad paging is 422", async t => {
			const { ada, baseUrl } = await start(t, dialect);
			const anonymous = httpClient(NotificationsContract, { baseUrl });
			t.match(await failure(anonymous.list({})), { status: 401 });
			t.match(await failure(anonymous.unreadCount({})), { status: 401 });
			t.match(await failure(anonymous.markRead({ id: "x" })), { status: 401 });
			t.match(await failure(ada.list({ limit: 51 })), { status: 422, data: { issues: [{ path: "limit" }] } });
			const res = await fetch(`${baseUrl}/me/notifications?unread=maybe`, {
				headers: { authorization: `Bearer ${await issueToken({ id: "ada", roles: [] }, { secret: SECRET })}` }
			});
			t.equal(res.status, 422, "unread is true or false");
		});
	});
}

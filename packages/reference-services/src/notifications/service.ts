import { BackbeatError, consume, defineService, signedInUser, type ServiceDefinition, type TransactionScope } from "@backbeat/sdk";
import type { z } from "zod";
import { PaymentsContract } from "../payments/contract.js";
import { PlaylistsContract } from "../playlists/contract.js";
import { type Notification, NotificationsContract } from "./contract.js";
import { openNotificationsDatabase, type NotificationsDatabase, type NotificationsTables } from "./database.js";
import { collaboratorAdded, type Message, paymentFailed, subscriptionActivated, subscriptionCanceled } from "./messages.js";

type Row = NotificationsTables["notifications"];

export interface NotificationsServiceOptions {
	/** Milliseconds since the epoch; tests move it. Default `Date.now`. */
	readonly now?: () => number;
}

function view(row: Row): z.output<typeof Notification> {
	return {
		id: row.id,
		kind: row.kind as z.output<typeof Notification>["kind"],
		title: row.title,
		body: row.body,
		data: JSON.parse(row.data) as Record<string, string>,
		createdAt: row.created_at,
		readAt: row.read_at
	};
}

/**
 * The notifications service on `database`; without one it opens (and on stop
 * closes) `openNotificationsDatabase()`. It turns playlists' and payments'
 * events into notifications for the user each is about.
 */
export function createNotificationsService(database?: NotificationsDatabase, options: NotificationsServiceOptions = {}): ServiceDefinition {
	const db = database ?? openNotificationsDatabase();
	const now = () => new Date((options.now ?? Date.now)()).toISOString();

	/** Stores `message` under the event's id, so even an event handled again makes one notification. */
	const notify =
		<P>(make: (payload: P) => Message) =>
		async (event: { id: string; payload: P }, tx: TransactionScope<NotificationsTables>) => {
			const { userId, kind, title, body, data } = make(event.payload);
			await tx.db
				.insertInto("notifications")
				.values({ id: event.id, user_id: userId, kind, title, body, data: JSON.stringify(data), created_at: now(), read_at: null })
				.onConflict(conflict => conflict.column("id").doNothing())
				.execute();
		};

	const mine = (userId: string) => db.db.selectFrom("notifications").where("user_id", "=", userId);
	const unreadOf = async (userId: string) =>
		Number(
			(
				await mine(userId)
					.where("read_at", "is", null)
					.select(eb => eb.fn.countAll().as("n"))
					.executeTakeFirstOrThrow()
			).n
		);

	return defineService(NotificationsContract, {
		consumers: [
			consume(PlaylistsContract, db, { collaboratorAdded: notify(collaboratorAdded) }),
			consume(PaymentsContract, db, {
				subscriptionActivated: notify(subscriptionActivated),
				subscriptionCanceled: notify(subscriptionCanceled),
				paymentFailed: notify(paymentFailed)
			})
		],
		actions: {
			async list(ctx) {
				const userId = signedInUser(ctx).id;
				const { unread, limit, offset } = ctx.params;
				const shown = unread ? mine(userId).where("read_at", "is", null) : mine(userId);
				const [rows, counted, unreadCount] = await Promise.all([
					shown.selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).offset(offset).execute(),
					shown.select(eb => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
					unreadOf(userId)
				]);
				return { items: rows.map(view), total: Number(counted.n), unread: unreadCount, limit, offset };
			},
			async markRead(ctx) {
				const userId = signedInUser(ctx).id;
				const { id } = ctx.params;
				await db.db
					.updateTable("notifications")
					.set({ read_at: now() })
					.where("id", "=", id)
					.where("user_id", "=", userId)
					.where("read_at", "is", null)
					.execute();
				const row = await mine(userId).selectAll().where("id", "=", id).executeTakeFirst();
				// Another user's notification is as unknown as a made-up id.
				if (!row) throw new BackbeatError("NOT_FOUND", `Notification '${id}' does not exist`, { data: { id } });
				return view(row);
			},
			async unreadCount(ctx) {
				return { unread: await unreadOf(signedInUser(ctx).id) };
			}
			// backbeat: actions end
		},
		async stopped() {
			if (database === undefined) await db.close();
		}
	});
}

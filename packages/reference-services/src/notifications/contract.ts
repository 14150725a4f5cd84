import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";

/** What a notification is about: the event that made it. */
export const NOTIFICATION_KINDS = ["collaboratorAdded", "subscriptionActivated", "subscriptionCanceled", "paymentFailed"] as const;

export const Notification = z.object({
	id: z.string(),
	kind: z.enum(NOTIFICATION_KINDS),
	title: z.string(),
	body: z.string(),
	/** The ids it is about (`playlistId`, `subscriptionId`, …), for links. */
	data: z.record(z.string(), z.string()),
	createdAt: z.iso.datetime(),
	readAt: z.iso.datetime().nullable()
});

/** Each user's inbox of notifications, made from other services' events. Every route needs a signed-in user. */
export const NotificationsContract = defineContract({
	name: "notifications",
	version: 1,
	actions: {
		list: {
			params: z.object({
				unread: z.boolean().default(false),
				limit: z.int().min(1).max(50).default(20),
				offset: z.int().min(0).default(0)
			}),
			returns: z.object({ items: z.array(Notification), total: z.int(), unread: z.int(), limit: z.int(), offset: z.int() }),
			idempotent: true,
			description: "The user's notifications, newest first (only unread ones with `unread=true`); `unread` counts all unread",
			http: "GET /me/notifications"
		},
		markRead: {
			params: z.object({ id: z.string().min(1).max(64) }),
			returns: Notification,
			idempotent: true,
			description: "Marks one of the user's notifications read (reading it again keeps the first time)",
			http: "POST /me/notifications/:id/read"
		},
		unreadCount: {
			params: z.object({}),
			returns: z.object({ unread: z.int() }),
			idempotent: true,
			http: "GET /me/notifications/unread-count"
		}
		// backbeat: actions end
	}
});

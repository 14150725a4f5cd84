import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The notifications service's own table: one row per notification; its id is the id of the event that made it. */
export interface NotificationsTables {
	notifications: {
		id: string;
		user_id: string;
		kind: string;
		title: string;
		body: string;
		/** JSON object of strings. */
		data: string;
		created_at: string;
		read_at: string | null;
	};
}

export type NotificationsDatabase = Database<NotificationsTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-notifications",
		async up(db) {
			await db.schema
				.createTable("notifications")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("kind", "text", c => c.notNull())
				.addColumn("title", "text", c => c.notNull())
				.addColumn("body", "text", c => c.notNull())
				.addColumn("data", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.addColumn("read_at", "text")
				.execute();
			await db.schema.createIndex("notifications_recent").on("notifications").columns(["user_id", "created_at"]).execute();
			await db.schema.createIndex("notifications_unread").on("notifications").columns(["user_id", "read_at"]).execute();
		}
	}
];

/**
 * Opens the notifications database at `url`, by default `serviceDatabaseUrl("notifications")`:
 * NOTIFICATIONS_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `notifications`, else the
 * SQLite file notifications.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openNotificationsDatabase(url: string | undefined = serviceDatabaseUrl("notifications")): NotificationsDatabase {
	return openDatabase<NotificationsTables>({ name: "notifications", migrations, ...(url === undefined ? {} : { url }) });
}

import { openDatabase, type Database, type Migration } from "@backbeat/sdk";
import { serviceDatabaseUrl } from "../config/service-database.js";

/** The payments service's own tables. No card number is stored: a subscription keeps the card's last four digits. */
export interface PaymentsTables {
	subscriptions: {
		id: string;
		user_id: string;
		plan_id: string;
		/** `incomplete` (the first charge failed), `active`, `past_due` or `canceled`. */
		status: string;
		current_period_end: string | null;
		cancel_at_period_end: boolean | number;
		card_last4: string;
		/** The provider's ids; null while incomplete. */
		provider_subscription_id: string | null;
		payment_method_id: string;
		created_at: string;
		updated_at: string;
	};
	/** Webhook event ids already applied, written in the transaction that applies one: a redelivery changes nothing. */
	webhook_events: { event_id: string; type: string; received_at: string };
	/** One row per user while a checkout of theirs talks to the provider: a second checkout (another key) is 409, not a second charge. */
	checkouts_in_progress: { user_id: string; subscription_id: string; started_at: string };
}

export type PaymentsDatabase = Database<PaymentsTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-payments",
		async up(db, dialect) {
			const bool = dialect === "postgres" ? "boolean" : "integer";
			await db.schema
				.createTable("subscriptions")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("plan_id", "text", c => c.notNull())
				.addColumn("status", "text", c => c.notNull())
				.addColumn("current_period_end", "text")
				.addColumn("cancel_at_period_end", bool, c => c.notNull())
				.addColumn("card_last4", "text", c => c.notNull())
				.addColumn("provider_subscription_id", "text", c => c.unique())
				.addColumn("payment_method_id", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.addColumn("updated_at", "text", c => c.notNull())
				.execute();
			await db.schema.createIndex("subscriptions_user").on("subscriptions").columns(["user_id", "created_at"]).execute();
			await db.schema
				.createTable("webhook_events")
				.addColumn("event_id", "text", c => c.primaryKey())
				.addColumn("type", "text", c => c.notNull())
				.addColumn("received_at", "text", c => c.notNull())
				.execute();
		}
	},
	{
		id: "002-checkouts-in-progress",
		async up(db) {
			await db.schema
				.createTable("checkouts_in_progress")
				.addColumn("user_id", "text", c => c.primaryKey())
				.addColumn("subscription_id", "text", c => c.notNull())
				.addColumn("started_at", "text", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the payments database at `url`, by default `serviceDatabaseUrl("payments")`:
 * PAYMENTS_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `payments`, else the
 * SQLite file payments.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openPaymentsDatabase(url: string | undefined = serviceDatabaseUrl("payments")): PaymentsDatabase {
	return openDatabase<PaymentsTables>({ name: "payments", migrations, ...(url === undefined ? {} : { url }) });
}

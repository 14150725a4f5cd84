import { openDatabase, type Database, type Migration } from "@backbeat/sdk";
import { serviceDatabaseUrl } from "../config/service-database.js";

/** The simulated provider's own tables. No card number is ever stored: a payment method keeps its behaviour and last four digits. */
export interface PaymentsProviderTables {
	payment_methods: { id: string; customer_id: string; last4: string; behaviour: string; created_at: string };
	/** One row per idempotency key: a repeated charge answers this row. */
	charges: {
		id: string;
		idempotency_key: string;
		payment_method_id: string;
		amount_cents: number;
		currency: string;
		status: string;
		reason: string | null;
		created_at: string;
	};
	provider_subscriptions: {
		id: string;
		reference: string;
		payment_method_id: string;
		amount_cents: number;
		currency: string;
		/** `active`, `past_due` or `canceled`. */
		status: string;
		current_period_end: string;
		cancel_at_period_end: boolean | number;
		/** Failed renewal attempts of the current period. */
		failed_attempts: number;
		/** When `runDue` next looks at it (ms since the epoch); null once canceled. */
		next_attempt_at: number | null;
	};
	/** Webhooks to send, kept until the payments service accepts them (so a restart loses none). */
	webhook_deliveries: {
		event_id: string;
		seq: number;
		body: string;
		attempts: number;
		next_attempt_at: number;
		delivered_at: string | null;
		last_error: string | null;
	};
}

export type PaymentsProviderDatabase = Database<PaymentsProviderTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-payments-provider",
		async up(db, dialect) {
			const bool = dialect === "postgres" ? "boolean" : "integer";
			await db.schema
				.createTable("payment_methods")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("customer_id", "text", c => c.notNull())
				.addColumn("last4", "text", c => c.notNull())
				.addColumn("behaviour", "text", c => c.notNull())
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
			await db.schema
				.createTable("charges")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("idempotency_key", "text", c => c.notNull().unique())
				.addColumn("payment_method_id", "text", c => c.notNull())
				.addColumn("amount_cents", "integer", c => c.notNull())
				.addColumn("currency", "text", c => c.notNull())
				.addColumn("status", "text", c => c.notNull())
				.addColumn("reason", "text")
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
			await db.schema
				.createTable("provider_subscriptions")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("reference", "text", c => c.notNull().unique())
				.addColumn("payment_method_id", "text", c => c.notNull())
				.addColumn("amount_cents", "integer", c => c.notNull())
				.addColumn("currency", "text", c => c.notNull())
				.addColumn("status", "text", c => c.notNull())
				.addColumn("current_period_end", "text", c => c.notNull())
				.addColumn("cancel_at_period_end", bool, c => c.notNull())
				.addColumn("failed_attempts", "integer", c => c.notNull())
				.addColumn("next_attempt_at", "bigint")
				.execute();
			await db.schema.createIndex("provider_subscriptions_due").on("provider_subscriptions").column("next_attempt_at").execute();
			await db.schema
				.createTable("webhook_deliveries")
				.addColumn("event_id", "text", c => c.primaryKey())
				.addColumn("seq", "bigint", c => c.notNull())
				.addColumn("body", "text", c => c.notNull())
				.addColumn("attempts", "integer", c => c.notNull())
				.addColumn("next_attempt_at", "bigint", c => c.notNull())
				.addColumn("delivered_at", "text")
				.addColumn("last_error", "text")
				.execute();
			await db.schema
				.createIndex("webhook_deliveries_due")
				.on("webhook_deliveries")
				.columns(["delivered_at", "next_attempt_at"])
				.execute();
		}
	}
];

/**
 * Opens the provider's database at `url`, by default `serviceDatabaseUrl("payments_provider")`:
 * PAYMENTS_PROVIDER_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `payments_provider`,
 * else the SQLite file payments_provider.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openPaymentsProviderDatabase(url: string | undefined = serviceDatabaseUrl("payments_provider")): PaymentsProviderDatabase {
	return openDatabase<PaymentsProviderTables>({ name: "payments_provider", migrations, ...(url === undefined ? {} : { url }) });
}

import { serviceDatabaseUrl } from "../config/service-database.js";
import { openDatabase, type Database, type Migration } from "@backbeat/sdk";

/** The users service's own tables (Kysely types); the SDK keeps its outbox tables in the same database. */
export interface UsersTables {
	users: {
		id: string;
		email: string;
		/** The email lower-cased: unique, so two spellings of one address are one account. */
		email_key: string;
		password_hash: string;
		display_name: string;
		plan: string;
		created_at: string;
	};
	/** Only a token's SHA-256 is stored; a family is one login's chain of rotated tokens. */
	refresh_tokens: {
		token_hash: string;
		family_id: string;
		user_id: string;
		expires_at: number;
		used_at: number | null;
		revoked_at: number | null;
	};
	/** Failed logins per email key since the last success, for slowing down guessing. */
	login_failures: { email_key: string; failures: number; last_failed_at: number };
}

export type UsersDatabase = Database<UsersTables>;

// Applied in order, once each, when the service starts. Never edit a step that ran somewhere: add the next one.
const migrations: Migration[] = [
	{
		id: "001-users",
		async up(db) {
			await db.schema
				.createTable("users")
				.addColumn("id", "text", c => c.primaryKey())
				.addColumn("email", "text", c => c.notNull())
				.addColumn("email_key", "text", c => c.notNull().unique())
				.addColumn("password_hash", "text", c => c.notNull())
				.addColumn("display_name", "text", c => c.notNull())
				.addColumn("plan", "text", c => c.notNull().defaultTo("free"))
				.addColumn("created_at", "text", c => c.notNull())
				.execute();
			await db.schema
				.createTable("refresh_tokens")
				.addColumn("token_hash", "text", c => c.primaryKey())
				.addColumn("family_id", "text", c => c.notNull())
				.addColumn("user_id", "text", c => c.notNull())
				.addColumn("expires_at", "bigint", c => c.notNull())
				.addColumn("used_at", "bigint")
				.addColumn("revoked_at", "bigint")
				.execute();
			await db.schema.createIndex("refresh_tokens_family").on("refresh_tokens").column("family_id").execute();
			await db.schema
				.createTable("login_failures")
				.addColumn("email_key", "text", c => c.primaryKey())
				.addColumn("failures", "integer", c => c.notNull())
				.addColumn("last_failed_at", "bigint", c => c.notNull())
				.execute();
		}
	}
];

/**
 * Opens the users database at `url`, by default `serviceDatabaseUrl("users")`:
 * USERS_DATABASE_URL, else BACKBEAT_DATABASE_URL in the schema `users`, else the
 * SQLite file users.sqlite under BACKBEAT_DATA_DIR (default ./data).
 */
export function openUsersDatabase(url: string | undefined = serviceDatabaseUrl("users")): UsersDatabase {
	return openDatabase<UsersTables>({ name: "users", migrations, ...(url === undefined ? {} : { url }) });
}

import { randomUUID } from "node:crypto";
import { client } from "@backbeat/sdk";
import type { Kysely } from "kysely";
import { PaymentsContract } from "../payments/contract.js";
import type { WebhookEvent } from "../payments/webhook-event.js";
import { signWebhook } from "../payments/webhook-signature.js";
import type { PaymentsProviderDatabase, PaymentsProviderTables } from "./database.js";

type Tx = Kysely<PaymentsProviderTables>;
type Source = Parameters<typeof client>[0];
export type DeliveryCounts = { delivered: number; pending: number };

export interface WebhookQueueOptions {
	readonly db: PaymentsProviderDatabase;
	readonly secret: string;
	readonly now: () => number;
	readonly backoff: { readonly baseMs: number; readonly capMs: number };
}

/**
 * The webhooks the provider owes the payments service, kept in its database
 * until accepted: enqueued in the transaction of the change they announce,
 * delivered in order, signed at each attempt, retried with backoff.
 */
export function createWebhookQueue({ db, secret, now, backoff }: WebhookQueueOptions) {
	async function enqueue(tx: Tx, type: string, data: WebhookEvent["data"]): Promise<void> {
		const id = `evt_${randomUUID()}`;
		const event: WebhookEvent = { id, type, created: Math.floor(now() / 1000), data };
		const last = await tx
			.selectFrom("webhook_deliveries")
			.select(eb => eb.fn.max("seq").as("seq"))
			.executeTakeFirst();
		await tx
			.insertInto("webhook_deliveries")
			.values({
				event_id: id,
				seq: Number(last?.seq ?? 0) + 1,
				body: JSON.stringify(event),
				attempts: 0,
				next_attempt_at: now(),
				delivered_at: null,
				last_error: null
			})
			.execute();
	}

	/** Sends due webhooks in order, each signed now; the first refusal stops the round so later events never overtake it. */
	async function deliverDue(source: Source): Promise<DeliveryCounts> {
		const pending = await db.db.selectFrom("webhook_deliveries").selectAll().where("delivered_at", "is", null).orderBy("seq").execute();
		let delivered = 0;
		for (const row of pending) {
			if (Number(row.next_attempt_at) > now()) break;
			const attempts = row.attempts + 1;
			try {
				const signature = signWebhook(secret, row.body, Math.floor(now() / 1000));
				await client(source, PaymentsContract).webhook({ payload: row.body, signature }, { retry: false });
			} catch (error) {
				const delayMs = Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempts - 1));
				await db.db
					.updateTable("webhook_deliveries")
					.set({ attempts, next_attempt_at: now() + delayMs, last_error: error instanceof Error ? error.message : String(error) })
					.where("event_id", "=", row.event_id)
					.execute();
				break;
			}
			await db.db
				.updateTable("webhook_deliveries")
				.set({ attempts, delivered_at: new Date(now()).toISOString(), last_error: null })
				.where("event_id", "=", row.event_id)
				.execute();
			delivered++;
		}
		return { delivered, pending: pending.length - delivered };
	}

	return { enqueue, deliverDue };
}

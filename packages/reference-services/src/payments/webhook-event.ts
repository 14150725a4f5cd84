import { z } from "zod";

/** The webhook events the provider sends; the payments service answers others with 200 and ignores them. */
export const WEBHOOK_EVENT_TYPES = ["invoice.paid", "invoice.payment_failed", "customer.subscription.deleted"] as const;

/** A webhook's JSON body, as Stripe's: `{ id: "evt_…", type, created, data }`. */
export const WebhookEvent = z.object({
	id: z.string().regex(/^evt_[\w-]{1,100}$/),
	type: z.string().min(1).max(100),
	/** Unix seconds. */
	created: z.int(),
	data: z.object({
		/** The provider's subscription id. */
		subscriptionId: z.string(),
		/** The payments service's subscription id. */
		reference: z.string(),
		/** End of the period paid (`invoice.paid`), unpaid (`invoice.payment_failed`) or ended (`customer.subscription.deleted`). */
		periodEnd: z.iso.datetime(),
		/** `card_declined`, `insufficient_funds` for a failed payment; `payment_failed` or `cancellation_requested` for a deletion. */
		reason: z.string().nullable()
	})
});
export type WebhookEvent = z.output<typeof WebhookEvent>;

import { z } from "zod";

/** What the payments service publishes (through its outbox) about subscriptions. */
export const SubscriptionActivated = z.object({
	subscriptionId: z.string(),
	userId: z.string(),
	planId: z.string(),
	/** End of the paid period; the subscription renews then unless canceled. */
	periodEnd: z.iso.datetime(),
	at: z.iso.datetime()
});

export const SubscriptionCanceled = z.object({
	subscriptionId: z.string(),
	userId: z.string(),
	planId: z.string(),
	/** `requested` (the user canceled) or `payment_failed` (a renewal could not be charged). */
	reason: z.enum(["requested", "payment_failed"]),
	at: z.iso.datetime()
});

export const PaymentFailed = z.object({
	subscriptionId: z.string(),
	userId: z.string(),
	planId: z.string(),
	/** `card_declined`, `insufficient_funds`, … as the provider said. */
	reason: z.string(),
	/** Only the last four digits of a card are ever kept. */
	cardLast4: z.string().length(4),
	at: z.iso.datetime()
});

export const PAYMENTS_EVENTS = {
	subscriptionActivated: { payload: SubscriptionActivated },
	subscriptionCanceled: { payload: SubscriptionCanceled },
	paymentFailed: { payload: PaymentFailed }
} as const;

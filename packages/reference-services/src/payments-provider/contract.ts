import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
// The checkout's card schema: only the provider ever sees the number, and keeps its last four digits.
import { Card } from "../payments/contract.js";

const Money = { amountCents: z.int().min(1), currency: z.string().length(3) };

export const ChargeResult = z.object({
	chargeId: z.string(),
	status: z.enum(["succeeded", "declined"]),
	/** Why a charge was declined: `card_declined`, `insufficient_funds`. */
	reason: z.string().nullable()
});

/**
 * A simulated payment provider (as Stripe in test mode): cards become
 * payment methods, charges are idempotent by key, subscriptions renew on
 * `runDue` and every renewal outcome is sent to the payments service as a
 * signed webhook. Internal: no action is bound to HTTP.
 */
export const PaymentsProviderContract = defineContract({
	name: "payments-provider",
	version: 1,
	actions: {
		attachCard: {
			params: z.object({ customerId: z.string().min(1), card: Card }),
			returns: z.object({ paymentMethodId: z.string(), last4: z.string().length(4) }),
			description: "Stores a card as a payment method (its behaviour and last four digits, never the number)"
		},
		charge: {
			params: z.object({ paymentMethodId: z.string(), ...Money, idempotencyKey: z.string().min(1).max(200) }),
			returns: ChargeResult,
			idempotent: true,
			description: "Charges a payment method once per idempotency key; a repeat answers the first charge"
		},
		createSubscription: {
			params: z.object({
				paymentMethodId: z.string(),
				...Money,
				/** The payments service's subscription id: one provider subscription per reference. */
				reference: z.string().min(1),
				currentPeriodEnd: z.iso.datetime()
			}),
			returns: z.object({ subscriptionId: z.string() }),
			idempotent: true,
			description: "Renews the (already paid) first period at its end, and every month after"
		},
		cancelAtPeriodEnd: {
			params: z.object({ subscriptionId: z.string() }),
			returns: z.object({ subscriptionId: z.string(), currentPeriodEnd: z.iso.datetime() }),
			idempotent: true,
			description: "Stops renewing; at the period end the subscription is deleted (webhook customer.subscription.deleted)"
		},
		runDue: {
			params: z.object({}),
			returns: z.object({ renewed: z.int(), failed: z.int(), deleted: z.int(), delivered: z.int(), pending: z.int() }),
			description: "Renews (or fails, or deletes) every subscription due by the provider's clock, then delivers pending webhooks"
		},
		deliverWebhooks: {
			params: z.object({}),
			returns: z.object({ delivered: z.int(), pending: z.int() }),
			description: "Delivers the webhooks whose next attempt is due"
		},
		stats: {
			params: z.object({}),
			returns: z.object({ charges: z.int(), pendingWebhooks: z.int(), deliveredWebhooks: z.int() }),
			idempotent: true,
			description: "Counts, for tests and operators"
		}
		// backbeat: actions end
	}
});

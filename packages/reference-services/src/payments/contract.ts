import { defineContract } from "@backbeat/sdk/http";
import { z } from "zod";
import { PAYMENTS_EVENTS } from "./events.js";

export const PlanId = z.enum(["free", "premium"]);

export const PlanInfo = z.object({
	id: PlanId,
	name: z.string(),
	priceCents: z.int(),
	currency: z.literal("EUR"),
	interval: z.literal("month"),
	bitrateKbps: z.int(),
	ads: z.boolean()
});

/** Luhn's checksum, which every real card number passes. */
function luhn(number: string): boolean {
	let sum = 0;
	for (let i = 0; i < number.length; i++) {
		let digit = Number(number[number.length - 1 - i]);
		if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
		sum += digit;
	}
	return sum % 10 === 0;
}

/** A card as the checkout form sends it; the service keeps its last four digits only (an expired card is 422 naming `card.expYear`). */
export const Card = z.object({
	number: z
		.string()
		.regex(/^\d{16}$/, "must be 16 digits")
		.refine(luhn, "is not a valid card number"),
	expMonth: z.int().min(1).max(12),
	expYear: z.int().min(2000).max(2100),
	cvc: z.string().regex(/^\d{3}$/, "must be 3 digits")
});

/**
 * The caller's subscription. Someone who never subscribed has `id: null`,
 * `planId: "free"` and `status: "none"`.
 */
export const Subscription = z.object({
	id: z.string().nullable(),
	planId: PlanId,
	status: z.enum(["none", "incomplete", "active", "past_due", "canceled"]),
	/** Until when the current period is paid; the subscription renews then unless `cancelAtPeriodEnd`. */
	currentPeriodEnd: z.iso.datetime().nullable(),
	cancelAtPeriodEnd: z.boolean(),
	/** The only part of a card ever kept. */
	cardLast4: z.string().length(4).nullable()
});

/** Plans, checkout with a required Idempotency-Key, subscriptions and the provider's signed webhook. */
export const PaymentsContract = defineContract({
	name: "payments",
	version: 1,
	actions: {
		plans: {
			params: z.object({}),
			returns: z.object({ items: z.array(PlanInfo) }),
			idempotent: true,
			description: "The plans one can subscribe to",
			http: "GET /plans",
			auth: "public"
		},
		checkout: {
			params: z.object({ planId: z.literal("premium"), card: Card }),
			returns: z.object({ subscription: Subscription }),
			description:
				"Subscribes the caller to premium and charges the first month (Idempotency-Key required: a repeat answers the first outcome); a declined card is 402 with data.reason; an active subscription is 409",
			http: { method: "POST", path: "/checkout", status: 201, idempotencyKey: "required" }
		},
		subscription: {
			params: z.object({}),
			returns: Subscription,
			idempotent: true,
			description: "The caller's subscription (status none when they never subscribed)",
			http: "GET /me/subscription"
		},
		cancel: {
			params: z.object({}),
			returns: Subscription,
			idempotent: true,
			description: "Cancels at the period end (the subscription stays active until then); 404 without a live subscription",
			http: "DELETE /me/subscription"
		},
		webhook: {
			params: z.object({ payload: z.string(), signature: z.string().optional() }),
			returns: z.object({ received: z.literal(true) }),
			idempotent: true,
			description:
				"The payment provider's events, signed with HMAC-SHA256 (Backbeat-Signature: t=…,v1=…); a bad, tampered or stale signature is 400; a repeated event id changes nothing",
			http: { method: "POST", path: "/payments/webhook", headers: { signature: "Backbeat-Signature" }, rawBody: "payload" },
			auth: "public"
		}
		// backbeat: actions end
	},
	events: PAYMENTS_EVENTS
});

import type { z } from "zod";
import type { PaymentFailed, SubscriptionActivated, SubscriptionCanceled } from "../payments/events.js";
import type { NOTIFICATION_KINDS } from "./contract.js";

/** A notification's content, before it is stored for its user. */
export interface Message {
	readonly userId: string;
	readonly kind: (typeof NOTIFICATION_KINDS)[number];
	readonly title: string;
	readonly body: string;
	readonly data: Record<string, string>;
}

const day = (iso: string) => iso.slice(0, 10);

export function collaboratorAdded(payload: { playlistId: string; ownerId: string; userId: string }): Message {
	return {
		userId: payload.userId,
		kind: "collaboratorAdded",
		title: "You were added to a playlist",
		body: `${payload.ownerId} added you to playlist ${payload.playlistId}: you can now add tracks to it.`,
		data: { playlistId: payload.playlistId, ownerId: payload.ownerId }
	};
}

export function subscriptionActivated(payload: z.output<typeof SubscriptionActivated>): Message {
	return {
		userId: payload.userId,
		kind: "subscriptionActivated",
		title: "Your subscription is active",
		body: `Plan ${payload.planId} is active; it renews on ${day(payload.periodEnd)}.`,
		data: { subscriptionId: payload.subscriptionId, planId: payload.planId, periodEnd: payload.periodEnd }
	};
}

export function subscriptionCanceled(payload: z.output<typeof SubscriptionCanceled>): Message {
	return {
		userId: payload.userId,
		kind: "subscriptionCanceled",
		title: "Your subscription was canceled",
		body:
			payload.reason === "payment_failed"
				? `Plan ${payload.planId} ended because a renewal could not be charged.`
				: `Plan ${payload.planId} was canceled as you asked.`,
		data: { subscriptionId: payload.subscriptionId, planId: payload.planId, reason: payload.reason }
	};
}

export function paymentFailed(payload: z.output<typeof PaymentFailed>): Message {
	return {
		userId: payload.userId,
		kind: "paymentFailed",
		title: "A payment failed",
		body: `The card ending in ${payload.cardLast4} could not be charged for plan ${payload.planId} (${payload.reason}). Update your payment method to keep it.`,
		data: {
			subscriptionId: payload.subscriptionId,
			planId: payload.planId,
			reason: payload.reason,
			cardLast4: payload.cardLast4
		}
	};
}

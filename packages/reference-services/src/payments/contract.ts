import { defineContract } from "@backbeat/sdk";
import { PAYMENTS_EVENTS } from "./events.js";

/** Plans, checkout with a required Idempotency-Key, subscriptions and the provider's signed webhook. */
export const PaymentsContract = defineContract({
	name: "payments",
	version: 1,
	actions: {
		// backbeat: actions end
	},
	events: PAYMENTS_EVENTS
});

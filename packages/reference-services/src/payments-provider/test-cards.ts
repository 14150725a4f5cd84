/** What a card does when charged: the simulated provider keeps this (and the last four digits), never the number. */
export type CardBehaviour = "succeeds" | "card_declined" | "insufficient_funds" | "fails_on_renewal";

/** Stripe's test card numbers, which payment developers already know. Any other valid number succeeds. */
export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
	"4242424242424242": "succeeds",
	"4000000000000002": "card_declined",
	"4000000000009995": "insufficient_funds",
	"4000000000000341": "fails_on_renewal"
};

export const cardBehaviour = (number: string): CardBehaviour => TEST_CARDS[number] ?? "succeeds";

/** The decline reason of a charge with this behaviour, or null when it goes through. */
export function declineReason(behaviour: string, renewal: boolean): string | null {
	if (behaviour === "card_declined" || behaviour === "insufficient_funds") return behaviour;
	if (behaviour === "fails_on_renewal" && renewal) return "card_declined";
	return null;
}

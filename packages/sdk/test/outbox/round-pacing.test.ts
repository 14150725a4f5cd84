// Relays that share an outbox start their rounds at most every
// SHARED_ROUND_INTERVAL_MS, so rows gather into larger rounds; a relay alone
// is never held back.
import t from "tap";
import { pauseBeforeNextRound, SHARED_ROUND_INTERVAL_MS } from "../../src/outbox/round-pacing.js";

t.test("a relay alone goes again at once", async t => {
	t.equal(pauseBeforeNextRound(1, 1), 0);
});

t.test("a relay sharing the outbox waits out the rest of the interval", async t => {
	t.equal(pauseBeforeNextRound(3, 4), SHARED_ROUND_INTERVAL_MS - 4);
	t.equal(pauseBeforeNextRound(2, SHARED_ROUND_INTERVAL_MS + 1), 0, "a round that took longer needs no pause");
});


// Relays that share an outbox start at most SHARED_ROUNDS_PER_SECOND rounds
// between them, so rows gather into larger rounds; a relay alone is never
// held back.
import t from "tap";
import { pauseBeforeNextRound, SHARED_ROUNDS_PER_SECOND } from "../../src/outbox/round-pacing.js";

const interval = (relays: number) => (relays * 1000) / SHARED_ROUNDS_PER_SECOND;

t.test("a relay alone goes again at once", async t => {
	t.equal(pauseBeforeNextRound(1, 1), 0);
});

t.test("a relay sharing the outbox waits out the rest of its interval, which grows with the relays", async t => {
	t.equal(pauseBeforeNextRound(3, 4), interval(3) - 4);
	t.equal(pauseBeforeNextRound(2, 4), interval(2) - 4);
	t.ok(interval(3) > interval(2));
	t.equal(pauseBeforeNextRound(2, interval(2) + 1), 0, "a round that took longer needs no pause");
});

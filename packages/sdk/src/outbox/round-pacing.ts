/**
 * Rounds per second that relays sharing an outbox start between them (each
 * relay at most every `relays × 10 ms`). Every commit wakes every relay, and
 * each takes only its share of the waiting partitions, so unpaced relays run
 * many rounds of two or three rows, each with the same fixed cost (two round
 * trips, a commit, the claim); pacing lets rows gather into larger rounds
 * (outbox probe, three relays on two cores: about a third less CPU per event
 * at 10 ms each, as much again at 10 ms × relays). A relay alone is paced by
 * its own round trips and is not held back, so its lag stays as low as it can be.
 */
export const SHARED_ROUNDS_PER_SECOND = 100;

/**
 * How long to wait before the next round, given how many relays share the
 * outbox (as the last round that claimed partitions counted them) and how
 * long ago the last round started. Rounds that found nothing are paced too:
 * under load each relay is woken again at once, by the next commit.
 */
export function pauseBeforeNextRound(relays: number, elapsedMs: number): number {
	if (relays <= 1) return 0;
	return Math.max(0, (relays * 1000) / SHARED_ROUNDS_PER_SECOND - elapsedMs);
}

/**
 * Tells relays in other processes that events were committed, with a NOTIFY
 * sent after the commit rather than inside the writing transaction: a
 * transaction that notifies holds PostgreSQL's notify-queue lock through its
 * commit, so writers that notify commit one at a time (in a probe, 16
 * concurrent writers committed half as many transactions per second). One
 * NOTIFY is in flight at a time; commits made meanwhile share the next one.
 * A lost NOTIFY (the process dies first, the server is away) only leaves the
 * relays to their poll.
 */
export class CommitNotifier {
	private inFlight = false;
	private again = false;

	constructor(private readonly send: () => Promise<unknown>) {}

	committed(): void {
		if (this.inFlight) {
			this.again = true;
			return;
		}
		this.inFlight = true;
		void this.send()
			.catch(() => undefined)
			.finally(() => {
				this.inFlight = false;
				if (this.again) {
					this.again = false;
					this.committed();
				}
			});
	}
}

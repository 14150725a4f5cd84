/** Metric names, registered on Moleculer's metrics registry when the broker's `metrics` is on. */
export const METRICS = {
	retries: "backbeat.call.retries.total",
	budgetExhausted: "backbeat.call.retry-budget-exhausted.total",
	deadlineExceeded: "backbeat.call.deadline-exceeded.total",
	circuitStateChanges: "backbeat.circuit.state-changes.total",
	outboxPending: "backbeat.outbox.pending",
	outboxLag: "backbeat.outbox.lag.ms",
	outboxPublished: "backbeat.outbox.published.total",
	inboxHandled: "backbeat.inbox.handled.total",
	inboxDuplicates: "backbeat.inbox.duplicates.total",
	inboxRetries: "backbeat.inbox.retries.total",
	deadLettered: "backbeat.inbox.dead-lettered.total"
} as const;

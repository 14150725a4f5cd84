import type { Transaction } from "kysely";
import type { CallSource } from "../context/call-source.js";
import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames, PayloadIn } from "../contract/infer.js";
import type { EventEnvelope } from "./envelope.js";
import { insertOutboxRow, type PublishOptions } from "./publish.js";
import { tracePublish } from "./outbox-spans.js";
import type { Dialect } from "../storage/migrations.js";
import type { ScopeState } from "../storage/database.js";
import type { SdkTables } from "../storage/sdk-tables.js";

/** What a unit of work gets: the transaction's query builder and an outbox `publish`. */
export interface TransactionScope<T> {
	/** Kysely, bound to this transaction. */
	readonly db: Transaction<T>;
	/**
	 * Records an event of `contract` in the outbox, in this transaction: it is
	 * published after the commit, and never if the transaction rolls back.
	 * The payload is validated against the contract now. When traced, the
	 * row keeps the context of a messaging `create` span, child of the
	 * transaction's source (or of the message a consumer is processing).
	 */
	publish<C extends Contract, E extends EventNames<C>>(
		contract: C,
		event: E,
		payload: PayloadIn<C, E>,
		options?: PublishOptions
	): Promise<EventEnvelope<PayloadIn<C, E>>>;
}

/** `source`: the handler's ctx (or a broker) whose trace the scope's publishes continue. */
export function createScope<T>(tx: Transaction<T>, dialect: Dialect, state: ScopeState, source?: CallSource): TransactionScope<T> {
	const sdkTx = tx as unknown as Transaction<SdkTables>;
	return {
		db: tx,
		async publish(contract, event, payload, options = {}) {
			const envelope = await tracePublish(source, eventName(contract, event), options, traced =>
				insertOutboxRow(sdkTx, dialect, contract, event, payload, traced)
			);
			state.published++;
			return envelope;
		}
	};
}

import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames, PayloadIn } from "../contract/infer.js";
import { toBackbeatError } from "../errors/normalize.js";
import { validateOrThrow } from "../schema/validate-or-throw.js";
import { emitFrom, type CallSource } from "../context/call-source.js";

export type Emitter<C extends Contract> = {
	readonly [K in EventNames<C>]: (payload: PayloadIn<C, K>) => Promise<void>;
};

/**
 * Typed, validated emit for a contract's events: a payload that does not match
 * its schema is rejected before anything is sent. Delivery is Moleculer's
 * (at most once, to one instance per subscribing service); durable events go
 * through the outbox.
 */
export function emitter<C extends Contract>(source: CallSource, contract: C): Emitter<C> {
	const emit: Record<string, (payload: unknown) => Promise<void>> = {};
	for (const [event, definition] of Object.entries(contract.events)) {
		const name = eventName(contract, event);
		emit[event] = async payload => {
			// Checked here, but sent as given: the receiver parses it with the same schema,
			// and a transforming schema can't parse its own output.
			await validateOrThrow(definition.payload, payload, name, "payload");
			try {
				await emitFrom(source, name, payload);
			} catch (err) {
				throw toBackbeatError(err);
			}
		};
	}
	return emit as Emitter<C>;
}

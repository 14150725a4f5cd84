import { AsyncLocalStorage } from "node:async_hooks";
import type { Transaction } from "kysely";

/** A transaction open in the current async flow, and the one it is nested in (another database's). */
interface OpenTransaction {
	readonly owner: object;
	readonly tx: Transaction<unknown>;
	readonly outer: OpenTransaction | undefined;
}

// Code that runs inside `database.transaction(…)` without being handed the
// scope (a moleculer-db adapter, called by DbService with no ctx) finds the
// transaction here. Without it, SQLite's single connection would wait for
// the transaction that is waiting for it.
const open = new AsyncLocalStorage<OpenTransaction>();

/** Runs `work` with `tx` as the open transaction of `owner` (the database that began it). */
export function runInTransaction<R>(owner: object, tx: Transaction<unknown>, work: () => Promise<R>): Promise<R> {
	return open.run({ owner, tx, outer: open.getStore() }, work);
}

/** The transaction of `owner` open in the current async flow, if any. */
export function openTransactionOf(owner: object): Transaction<unknown> | undefined {
	for (let entry = open.getStore(); entry !== undefined; entry = entry.outer) {
		if (entry.owner === owner) return entry.tx;
	}
	return undefined;
}

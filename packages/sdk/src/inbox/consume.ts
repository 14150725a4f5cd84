import type { Kysely } from "kysely";
import type { Service, ServiceBroker } from "moleculer";
import { positiveInt } from "../config/settings.js";
import { brokerTime, SYSTEM_TIME } from "../time/broker-time.js";
import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames, PayloadOut } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { METRICS } from "../metrics/metric-names.js";
import { isEnvelope, type EventEnvelope } from "../outbox/envelope.js";
import { fullJitterDelay, type BackoffOptions } from "../resilience/backoff.js";
import type { SqlDatabase } from "../storage/database.js";
import { sqlDatabaseOf, type Database } from "../outbox/open-database.js";
import type { TransactionScope } from "../outbox/transaction-scope.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import { markDeadLettered, markDuplicateSkipped, traceProcessing } from "./consumer-spans.js";
import { CONSUMER_DEFAULTS, type ConsumerOptions } from "./consumer-options.js";
import { listDeadLetterRows, recordDeadLetter, type DeadLetter } from "./dead-letters.js";
import { handleInTransaction, type EventConsumer, type EventWork } from "./handle-event.js";
import { KeyBatcher } from "./key-batcher.js";

export type ConsumerHandlers<C extends Contract, T> = {
	readonly [K in EventNames<C>]?: EventConsumer<PayloadOut<C, K>, T>;
};

/** Rejects keys that are not events of the contract, even when the object was built elsewhere. */
type OnlyContractEvents<C extends Contract, H> = {
	readonly [K in Exclude<keyof H, EventNames<C>>]: never;
};

export interface ReplayResult {
	/** Events handled now (or found already handled), removed from the dead letters. */
	readonly replayed: number;
	/** Events that failed again; they stay, with the new error. */
	readonly failed: number;
}

/** A channel entry for @moleculer/channels, as `defineService` puts it in the service schema. */
export interface ChannelEntry {
	readonly group: string;
	readonly maxInFlight?: number;
	/** Channels calls it with the consuming service as `this`. */
	readonly handler: (this: Service, message: unknown) => Promise<void>;
}

/**
 * Durable, deduplicated handlers for one contract's events; pass it to
 * `defineService({ consumers })`.
 */
export interface Consumer {
	readonly contract: Contract;
	/** The consumer group; set by `defineService` unless given. */
	readonly group: string | undefined;
	/** Dead letters of this consumer's group, oldest first. */
	listDeadLetters(options?: { readonly limit?: number }): Promise<DeadLetter[]>;
	/** Handles parked events again (one by event id, or all) with the current handlers. */
	replayDeadLetters(eventId?: string): Promise<ReplayResult>;
}

/** What `defineService` needs from a consumer; internal. */
export interface BindableConsumer extends Consumer {
	/** Which database the consumer's inbox is in (compared, never used): consumers of one database and group share dead letters. */
	readonly database: object;
	bind(group: string): void;
	toChannelEntries(): Record<string, ChannelEntry>;
	start(broker: ServiceBroker): Promise<void>;
	stop(): Promise<void>;
}

class ContractConsumer<T> implements BindableConsumer {
	group: string | undefined;
	private readonly batcher: KeyBatcher<EventEnvelope>;
	private readonly maxAttempts: number;
	private readonly backoff: BackoffOptions;
	private readonly inboxRetentionMs: number;
	private broker: ServiceBroker | undefined;
	private cleanupTimer: NodeJS.Timeout | undefined;
	private readonly handlersByType = new Map<string, { event: string; handler: EventConsumer<unknown, T> }>();

	constructor(
		readonly contract: Contract,
		private readonly sqlDatabase: SqlDatabase<T, TransactionScope<T>>,
		handlers: Record<string, EventConsumer<unknown, T> | undefined>,
		private readonly options: ConsumerOptions
	) {
		this.group = options.group;
		this.maxAttempts = positiveInt(options.maxAttempts ?? CONSUMER_DEFAULTS.maxAttempts, "maxAttempts");
		this.backoff = options.backoff ?? CONSUMER_DEFAULTS.backoff;
		this.inboxRetentionMs = options.inboxRetentionMs ?? CONSUMER_DEFAULTS.inboxRetentionMs;
		const batchSize = positiveInt(options.batchSize ?? CONSUMER_DEFAULTS.batchSize, "batchSize");
		// SQLite has one connection: a second transaction would only queue behind the first, and a
		// single one lets the next batch fill up meanwhile.
		const concurrency = positiveInt(
			options.concurrency ?? (sqlDatabase.dialect === "sqlite" ? 1 : CONSUMER_DEFAULTS.concurrency),
			"concurrency"
		);
		this.batcher = new KeyBatcher(batchSize, concurrency, envelopes => this.handleBatch(envelopes));
		for (const [event, handler] of Object.entries(handlers)) {
			if (handler === undefined) continue;
			if (!contract.events[event])
				throw new BackbeatError("CONTRACT_INVALID", `${contract.fullName} has no event '${event}' to consume`, {
					data: { field: event }
				});
			if (typeof handler !== "function")
				throw new BackbeatError("CONTRACT_INVALID", `the consumer of ${contract.fullName}.${event} must be a function`, {
					data: { field: event }
				});
			this.handlersByType.set(eventName(contract, event as EventNames<Contract>), { event, handler });
		}
	}

	get database(): object {
		return this.sqlDatabase;
	}

	private get sdkDb(): Kysely<SdkTables> {
		return this.sqlDatabase.sdk;
	}

	bind(group: string): void {
		this.group ??= group;
	}

	private requireGroup(): string {
		if (this.group === undefined)
			throw new BackbeatError(
				"BAD_REQUEST",
				`the consumer of ${this.contract.fullName} has no group yet: give one in consume() options or add it to a service`,
				{ data: { field: "group" } }
			);
		return this.group;
	}

	toChannelEntries(): Record<string, ChannelEntry> {
		const group = this.requireGroup();
		const entries: Record<string, ChannelEntry> = {};
		const receive = (type: string, message: unknown, service: Service) => this.receive(type, message, service);
		for (const type of this.handlersByType.keys()) {
			entries[type] = {
				group,
				...(this.options.maxInFlight === undefined ? {} : { maxInFlight: this.options.maxInFlight }),
				handler(message) {
					return receive(type, message, this);
				}
			};
		}
		return entries;
	}

	async start(broker: ServiceBroker): Promise<void> {
		this.broker = broker;
		await this.sqlDatabase.migrate();
		if (broker.isMetricsEnabled()) {
			for (const name of [METRICS.inboxHandled, METRICS.inboxDuplicates, METRICS.inboxRetries, METRICS.deadLettered]) {
				if (!broker.metrics.getMetric(name)) broker.metrics.register({ name, type: "counter", labelNames: ["group", "event"] });
			}
		}
		this.cleanupTimer = setInterval(() => void this.cleanInbox(), Math.min(3600_000, this.inboxRetentionMs));
		this.cleanupTimer.unref();
	}

	async stop(): Promise<void> {
		clearInterval(this.cleanupTimer);
	}

	private count(metric: string, event: string): void {
		if (this.broker?.isMetricsEnabled()) this.broker.metrics.increment(metric, { group: this.group, event });
	}

	/** Called by the channel adapter; resolving acknowledges the message, rejecting has it redelivered. */
	private async receive(type: string, message: unknown, service: Service | undefined): Promise<void> {
		const group = this.requireGroup();
		if (!isEnvelope(message)) {
			// Nothing to retry: park it, under an id derived from its content, and move on.
			const fallback: EventEnvelope = {
				id: `malformed-${Date.now()}-${Math.random().toString(16).slice(2)}`,
				type,
				key: "",
				payload: message,
				occurredAt: new Date().toISOString(),
				schemaVersion: 0
			};
			await this.sqlDatabase.migrate();
			await recordDeadLetter(
				this.sdkDb,
				group,
				fallback,
				new BackbeatError("BAD_REQUEST", `a message on ${type} is not a Backbeat event envelope`),
				1
			);
			this.count(METRICS.deadLettered, type);
			return;
		}
		// One process span per message, from arrival until its handling settles; the handler runs inside it.
		await traceProcessing(this.broker, { envelope: message, group, owner: service }, async () => {
			await this.sqlDatabase.migrate();
			await this.batcher.submit(message.key, message);
		});
	}

	private workFor(envelope: EventEnvelope, attempt: number): EventWork<T> | undefined {
		const entry = this.handlersByType.get(envelope.type);
		const definition = entry && this.contract.events[entry.event];
		return entry && definition && { envelope, payloadSchema: definition.payload, handler: entry.handler, attempt };
	}

	/**
	 * Events that arrived together, in one transaction. If one of them fails,
	 * the transaction rolls back and each event goes again on its own, with
	 * retries, so only the failing one is retried and dead-lettered.
	 */
	private async handleBatch(envelopes: EventEnvelope[]): Promise<void> {
		const work = envelopes.flatMap(envelope => this.workFor(envelope, 1) ?? []);
		if (work.length > 1) {
			const outcome = await handleInTransaction(this.sqlDatabase, this.requireGroup(), work);
			if (outcome.kind === "committed") {
				this.countOutcome(outcome.handled, outcome.duplicates);
				return;
			}
		}
		// Alone, or after a failed batch: keys in parallel, each key's events in order.
		const byKey = new Map<string, EventWork<T>[]>();
		for (const item of work) {
			const list = byKey.get(item.envelope.key);
			if (list) list.push(item);
			else byKey.set(item.envelope.key, [item]);
		}
		await Promise.all(
			[...byKey.values()].map(async items => {
				for (const item of items) await this.handleWithRetries(item);
			})
		);
	}

	private countOutcome(handled: readonly EventEnvelope[], duplicates: readonly EventEnvelope[]): void {
		for (const envelope of handled) this.count(METRICS.inboxHandled, envelope.type);
		for (const envelope of duplicates) {
			markDuplicateSkipped(envelope);
			this.count(METRICS.inboxDuplicates, envelope.type);
		}
	}

	private async handleWithRetries(first: EventWork<T>): Promise<void> {
		const group = this.requireGroup();
		const { envelope } = first;
		let lastError: unknown;
		for (let attempt = first.attempt; attempt < first.attempt + this.maxAttempts; attempt++) {
			const outcome = await handleInTransaction(this.sqlDatabase, group, [{ ...first, attempt }]);
			if (outcome.kind === "committed") {
				this.countOutcome(outcome.handled, outcome.duplicates);
				return;
			}
			lastError = outcome.error;
			if (outcome.permanent) break;
			if (attempt + 1 < first.attempt + this.maxAttempts) {
				this.count(METRICS.inboxRetries, envelope.type);
				// Replays of dead letters may run before start(); they back off on the system clock.
				const { clock, random } = this.broker ? brokerTime(this.broker) : SYSTEM_TIME;
				await clock.sleep(fullJitterDelay(attempt - first.attempt, this.backoff, random));
			}
		}
		await recordDeadLetter(this.sdkDb, group, envelope, lastError, this.maxAttempts);
		markDeadLettered(envelope, lastError);
		this.count(METRICS.deadLettered, envelope.type);
		this.broker?.logger.warn(
			`${envelope.type} ${envelope.id} moved to the dead letters of ${group}: ${lastError instanceof Error ? lastError.message : String(lastError)}`
		);
	}

	listDeadLetters(options: { readonly limit?: number } = {}): Promise<DeadLetter[]> {
		return listDeadLetterRows(this.sdkDb, { group: this.requireGroup(), ...options });
	}

	async replayDeadLetters(eventId?: string): Promise<ReplayResult> {
		const group = this.requireGroup();
		await this.sqlDatabase.migrate();
		const letters = await listDeadLetterRows(this.sdkDb, {
			group,
			limit: Number.MAX_SAFE_INTEGER,
			...(eventId === undefined ? {} : { eventId })
		});
		let replayed = 0;
		let failed = 0;
		for (const letter of letters) {
			const work = this.workFor(letter.envelope, letter.attempts + 1);
			if (!work) {
				failed++;
				continue;
			}
			const outcome = await handleInTransaction(this.sqlDatabase, group, [work]);
			if (outcome.kind === "failed") {
				failed++;
				await recordDeadLetter(this.sdkDb, group, letter.envelope, outcome.error, 1);
			} else {
				replayed++;
				await this.sdkDb.deleteFrom("backbeat_dead_letters").where("id", "=", letter.id).execute();
			}
		}
		return { replayed, failed };
	}

	private async cleanInbox(): Promise<void> {
		try {
			await this.sdkDb
				.deleteFrom("backbeat_inbox")
				.where("handled_at", "<", Date.now() - this.inboxRetentionMs)
				.execute();
		} catch (error) {
			this.broker?.logger.warn(`inbox cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

/**
 * Handles events of `contract` durably: each event is handled once per
 * group, inside a transaction of `database` that also records its id (a
 * redelivered event changes nothing twice), events of one key in order.
 * A failing handler is retried with backoff; after `maxAttempts` the event
 * goes to the dead letters and the stream moves on.
 */
export function consume<C extends Contract, T, H extends ConsumerHandlers<C, T>>(
	contract: C,
	database: Database<T>,
	handlers: H & OnlyContractEvents<C, H>,
	options: ConsumerOptions = {}
): Consumer {
	return new ContractConsumer<T>(
		contract,
		sqlDatabaseOf(database),
		handlers as Record<string, EventConsumer<unknown, T> | undefined>,
		options
	);
}

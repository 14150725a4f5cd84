import type { Kysely } from "kysely";
import type { Logger, ServiceBroker } from "moleculer";
import { configError, positiveInt } from "../config/settings.js";
import { brokerTime, type BrokerTime } from "../time/broker-time.js";
import { METRICS } from "../metrics/metric-names.js";
import { fullJitterDelay, type BackoffOptions } from "../resilience/backoff.js";
import type { SdkStorage } from "../storage/database.js";
import { sdkStorageOf, type Database } from "./open-database.js";
import type { SdkTables } from "../storage/sdk-tables.js";
import type { SpanOwner } from "../tracing/tracing-runtime.js";
import { claimAndPublishSqlite, type PublishRows } from "./claim-batch.js";
import { announcePresence, claimAndPublishPostgres, presenceKey, type PostgresRound } from "./claim-postgres.js";
import { deleteSentRows, readOutboxStats, type OutboxStats } from "./outbox-stats.js";
import { RELAY_DEFAULTS, type RelayOptions } from "./relay-options.js";
import { pauseBeforeNextRound } from "./round-pacing.js";
import { createRowPublisher, isChannelBroker, type ChannelBroker } from "./row-publisher.js";
import { NotifyListener, WakeSignal } from "./wake-signal.js";

export interface Relay {
	start(): Promise<void>;
	/** Finishes the round in progress, then stops; rows not yet published stay for the next relay. */
	stop(): Promise<void>;
	/** Committed events not yet published and the age of the oldest. */
	stats(): Promise<OutboxStats>;
	/** Events this relay has published since it started. */
	readonly published: number;
}

// SQLite has one relay per database: a second would publish rows the first is publishing.
const sqliteRelays = new WeakSet<object>();

class OutboxRelay implements Relay {
	published = 0;
	private readonly signal: WakeSignal;
	private readonly time: BrokerTime;
	private readonly listener: NotifyListener | undefined;
	private readonly publishRows: PublishRows;
	private readonly logger: Logger;
	private readonly batchSize: number;
	private readonly round: PostgresRound;
	private readonly pollIntervalMs: number;
	private readonly backoff: BackoffOptions;
	private readonly retentionMs: number;
	private readonly cleanupIntervalMs: number;
	private readonly statsIntervalMs: number;
	private running: Promise<void> | undefined;
	private stopped = true;
	private timers: NodeJS.Timeout[] = [];

	constructor(
		private readonly broker: ChannelBroker,
		private readonly database: SdkStorage,
		options: RelayOptions,
		owner: SpanOwner | undefined
	) {
		this.batchSize = positiveInt(options.batchSize ?? RELAY_DEFAULTS.batchSize, "relay.batchSize");
		const maxPartitions = positiveInt(options.partitionsPerBatch ?? RELAY_DEFAULTS.partitionsPerBatch, "relay.partitionsPerBatch");
		this.round = { batchSize: this.batchSize, maxPartitions, presenceKey: presenceKey(database.wakeChannel) };
		this.pollIntervalMs = positiveInt(options.pollIntervalMs ?? RELAY_DEFAULTS.pollIntervalMs, "relay.pollIntervalMs");
		this.retentionMs = positiveInt(options.retentionMs ?? RELAY_DEFAULTS.retentionMs, "relay.retentionMs");
		this.cleanupIntervalMs = positiveInt(options.cleanupIntervalMs ?? RELAY_DEFAULTS.cleanupIntervalMs, "relay.cleanupIntervalMs");
		this.statsIntervalMs = positiveInt(options.statsIntervalMs ?? RELAY_DEFAULTS.statsIntervalMs, "relay.statsIntervalMs");
		this.backoff = options.backoff ?? RELAY_DEFAULTS.backoff;
		this.logger = broker.getLogger("outbox-relay");
		this.time = brokerTime(broker);
		this.signal = new WakeSignal(this.time.clock);
		this.publishRows = createRowPublisher(
			broker,
			(error, row) =>
				this.logger.warn(
					`publishing ${row.channel} ${row.event_id} failed; it stays in the outbox: ${error instanceof Error ? error.message : String(error)}`
				),
			owner
		);
		// The LISTEN connection also carries the relay's presence, which sizes every relay's share of the partitions.
		if (database.pool)
			this.listener = new NotifyListener(database.pool, database.wakeChannel, this.signal.wake, client =>
				announcePresence(client, this.round.presenceKey)
			);
	}

	private get sdkDb(): Kysely<SdkTables> {
		return this.database.sdk;
	}

	async start(): Promise<void> {
		if (!this.stopped) return;
		if (this.database.dialect === "sqlite") {
			if (sqliteRelays.has(this.database))
				throw configError({ setting: "relay" }, "a SQLite database has one relay; another one is running for it");
			sqliteRelays.add(this.database);
		}
		await this.database.migrate();
		this.stopped = false;
		this.database.commits.on("committed", this.signal.wake);
		await this.listener?.start();
		this.timers.push(setInterval(() => void this.cleanup(), this.cleanupIntervalMs));
		if (this.broker.isMetricsEnabled()) {
			this.broker.metrics.register({
				name: METRICS.outboxPending,
				type: "gauge",
				description: "Committed outbox events not yet published"
			});
			this.broker.metrics.register({
				name: METRICS.outboxLag,
				type: "gauge",
				description: "Age of the oldest unpublished outbox event (ms)"
			});
			this.broker.metrics.register({ name: METRICS.outboxPublished, type: "counter", description: "Outbox events published" });
			this.timers.push(setInterval(() => void this.refreshGauges(), this.statsIntervalMs));
		}
		for (const timer of this.timers) timer.unref();
		this.running = this.loop();
	}

	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		for (const timer of this.timers) clearInterval(timer);
		this.timers = [];
		this.database.commits.off("committed", this.signal.wake);
		this.signal.wake();
		await this.running;
		await this.listener?.stop();
		sqliteRelays.delete(this.database);
	}

	stats(): Promise<OutboxStats> {
		return readOutboxStats(this.sdkDb);
	}

	private async loop(): Promise<void> {
		let failures = 0;
		// A round that claims nothing cannot count the relays; the last count stands.
		let sharedBy = 1;
		while (!this.stopped) {
			// Services start before the channels middleware connects its adapter.
			if (!this.broker.channelAdapter.connected) {
				await this.signal.wait(50);
				continue;
			}
			const startedAt = performance.now();
			let claimed = 0;
			let published = 0;
			let more = false;
			let relays = sharedBy;
			try {
				({ claimed, published, more, relays } = this.database.pool
					? await claimAndPublishPostgres(this.database.pool, this.round, this.publishRows)
					: await claimAndPublishSqlite(this.database, this.batchSize, this.publishRows));
			} catch (error) {
				this.logger.warn(`outbox round failed: ${error instanceof Error ? error.message : String(error)}`);
				claimed = 1;
			}
			this.published += published;
			if (published > 0 && this.broker.isMetricsEnabled())
				this.broker.metrics.increment(METRICS.outboxPublished, undefined, published);
			if (this.stopped) break;
			if (published < claimed) {
				// The broker (or the database) is failing: back off instead of hammering it.
				await this.signal.wait(fullJitterDelay(failures++, this.backoff, this.time.random) + 1);
			} else {
				failures = 0;
				if (claimed > 0) sharedBy = relays;
				const pause = pauseBeforeNextRound(sharedBy, performance.now() - startedAt);
				if (pause > 0) await this.time.clock.sleep(pause);
				if (!more && !this.stopped) await this.signal.wait(this.pollIntervalMs);
			}
		}
	}

	private async cleanup(): Promise<void> {
		try {
			await deleteSentRows(this.sdkDb, this.retentionMs);
		} catch (error) {
			this.logger.warn(`outbox cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	private async refreshGauges(): Promise<void> {
		try {
			const { pending, lagMs } = await this.stats();
			this.broker.metrics.set(METRICS.outboxPending, pending);
			this.broker.metrics.set(METRICS.outboxLag, lagMs);
		} catch {
			// The next refresh tries again; a stale gauge is better than a crash.
		}
	}
}

/**
 * Starts nothing yet: makes a relay that publishes `database`'s committed
 * outbox rows to the broker's channels (createBroker's `channels`) and marks
 * them sent. Run one per service process, or several for throughput on
 * PostgreSQL (they share the rows by partition); SQLite takes one.
 */
export function createRelay<T>(broker: ServiceBroker, database: Database<T>, options: RelayOptions = {}): Relay {
	return createServiceRelay(broker, database, options, undefined);
}

/** Internal: the relay a service runs (`defineService({ outbox })`); its send spans carry the service's name. */
export function createServiceRelay(broker: ServiceBroker, database: object, options: RelayOptions, owner: SpanOwner | undefined): Relay {
	if (!isChannelBroker(broker)) {
		throw configError(
			{ setting: "channels" },
			"the broker has no channels; set createBroker's `channels` option or BACKBEAT_CHANNELS_URL"
		);
	}
	return new OutboxRelay(broker, sdkStorageOf(database), options, owner);
}

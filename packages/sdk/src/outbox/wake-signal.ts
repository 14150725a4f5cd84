import type * as Pg from "pg";
import type { Clock } from "../time/clock.js";

/**
 * Lets the relay sleep until there is work: `wait(ms)` resolves on `wake()`
 * or after `ms`, whichever comes first. A wake with nobody waiting is kept,
 * so a commit that lands while the relay is busy is not missed.
 */
export class WakeSignal {
	private pending = false;
	private resolve: (() => void) | undefined;
	private cancelTimer: (() => void) | undefined;

	constructor(private readonly clock: Clock) {}

	wake = (): void => {
		if (this.resolve) this.finish();
		else this.pending = true;
	};

	wait(ms: number): Promise<void> {
		if (this.pending) {
			this.pending = false;
			return Promise.resolve();
		}
		return new Promise(resolve => {
			this.resolve = resolve;
			this.cancelTimer = this.clock.setTimer(ms, () => this.finish());
		});
	}

	private finish(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		const resolve = this.resolve;
		this.resolve = undefined;
		resolve?.();
	}
}

/**
 * Holds one connection that LISTENs for the outbox channel and wakes the
 * relay on every NOTIFY (sent by committing writers in any process). A lost
 * connection is re-made after `retryMs`; meanwhile the relay's poll covers.
 * `onConnected` runs on each new connection (the relay announces itself there,
 * for as long as the connection lives).
 */
export class NotifyListener {
	private client: Pg.PoolClient | undefined;
	private stopped = false;
	private retry: NodeJS.Timeout | undefined;

	constructor(
		private readonly pool: Pg.Pool,
		private readonly channel: string,
		private readonly onNotify: () => void,
		private readonly onConnected: (client: Pg.PoolClient) => Promise<void> = async () => undefined,
		private readonly retryMs = 1000
	) {}

	async start(): Promise<void> {
		this.stopped = false;
		let client: Pg.PoolClient | undefined;
		try {
			client = await this.pool.connect();
			const connected = client;
			connected.on("notification", () => this.onNotify());
			connected.on("error", () => this.lost(connected));
			await connected.query(`LISTEN "${this.channel}"`);
			await this.onConnected(connected);
			if (this.stopped) {
				connected.release(true);
				return;
			}
			this.client = connected;
			// Commits made while nobody listened: have the relay look once.
			this.onNotify();
		} catch {
			if (client && this.client !== client) client.release(true);
			this.scheduleRetry();
		}
	}

	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.retry);
		const client = this.client;
		this.client = undefined;
		// Closed, not returned to the pool: that also ends whatever onConnected started (session locks).
		client?.release(true);
	}

	private lost(client: Pg.PoolClient): void {
		if (this.client !== client) return;
		this.client = undefined;
		client.release(true);
		this.scheduleRetry();
	}

	private scheduleRetry(): void {
		if (this.stopped) return;
		this.retry = setTimeout(() => void this.start(), this.retryMs);
		this.retry.unref();
	}
}

import { randomUUID } from "node:crypto";
import { BackbeatError, type client, defineService, type ServiceDefinition } from "@backbeat/sdk";
import type { Kysely } from "kysely";
import type { ServiceBroker } from "moleculer";
import { platformWebhookSecret } from "../config/derived-secrets.js";
import { addMonth } from "../payments/billing-period.js";
import { PaymentsProviderContract } from "./contract.js";
import { openPaymentsProviderDatabase, type PaymentsProviderDatabase, type PaymentsProviderTables } from "./database.js";
import { cardBehaviour, declineReason } from "./test-cards.js";
import { createWebhookQueue } from "./webhook-queue.js";

export interface PaymentsProviderServiceOptions {
	/** Milliseconds since the epoch: renewals fall due and signatures are dated by it; tests move it. Default `Date.now`. */
	readonly now?: () => number;
	/** HMAC-SHA256 key of the webhooks' signatures. Default `platformWebhookSecret()`. */
	readonly webhookSecret?: string;
	/** How often the provider runs `runDue` on its own (renewals, then pending webhooks), in ms; `false` never (tests call `runDue`). Default `10000`. */
	readonly tickIntervalMs?: number | false;
	/** Failed renewal attempts before the subscription is deleted. Default `3`. */
	readonly maxRenewalAttempts?: number;
	/** Time between failed renewal attempts, in ms. Default one day. */
	readonly renewalRetryMs?: number;
	/** Delay before the n-th retry of a webhook delivery is `min(capMs, baseMs·2ⁿ)`. Default `{ baseMs: 5000, capMs: 3600000 }`. */
	readonly deliveryBackoff?: { readonly baseMs: number; readonly capMs: number };
}

export const PAYMENTS_PROVIDER_DEFAULTS = {
	tickIntervalMs: 10_000,
	maxRenewalAttempts: 3,
	renewalRetryMs: 86_400_000,
	deliveryBackoff: { baseMs: 5_000, capMs: 3_600_000 }
} as const;

type Tx = Kysely<PaymentsProviderTables>;
type ProviderSubscription = PaymentsProviderTables["provider_subscriptions"];
type Source = Parameters<typeof client>[0];

/**
 * The simulated payment provider on `database`; without one it opens (and on
 * stop closes) `openPaymentsProviderDatabase()`. It keeps payment methods,
 * charges (one per idempotency key), subscriptions it renews when `runDue`
 * finds them due, and the webhooks it owes the payments service until they
 * are accepted. Meant to run as one instance.
 */
export function createPaymentsProviderService(
	database?: PaymentsProviderDatabase,
	options: PaymentsProviderServiceOptions = {}
): ServiceDefinition {
	const db = database ?? openPaymentsProviderDatabase();
	const now = options.now ?? Date.now;
	const secret = options.webhookSecret ?? platformWebhookSecret();
	const tickIntervalMs = options.tickIntervalMs ?? PAYMENTS_PROVIDER_DEFAULTS.tickIntervalMs;
	const maxAttempts = options.maxRenewalAttempts ?? PAYMENTS_PROVIDER_DEFAULTS.maxRenewalAttempts;
	const retryMs = options.renewalRetryMs ?? PAYMENTS_PROVIDER_DEFAULTS.renewalRetryMs;
	const backoff = options.deliveryBackoff ?? PAYMENTS_PROVIDER_DEFAULTS.deliveryBackoff;
	const bool = (value: boolean) => (db.dialect === "sqlite" ? Number(value) : value);
	const iso = (ms: number) => new Date(ms).toISOString();

	// Renewal rounds and deliveries run one at a time in this process (the timer and a runDue call may meet).
	let queue: Promise<unknown> = Promise.resolve();
	function exclusive<T>(work: () => Promise<T>): Promise<T> {
		const run = queue.then(work, work);
		queue = run.catch(() => undefined);
		return run;
	}

	async function charge(
		tx: Tx,
		request: { paymentMethodId: string; amountCents: number; currency: string; idempotencyKey: string },
		renewal: boolean
	) {
		const method = await tx.selectFrom("payment_methods").selectAll().where("id", "=", request.paymentMethodId).executeTakeFirst();
		if (!method) throw new BackbeatError("NOT_FOUND", `No payment method ${request.paymentMethodId}`);
		const reason = declineReason(method.behaviour, renewal);
		await tx
			.insertInto("charges")
			.values({
				id: `ch_${randomUUID()}`,
				idempotency_key: request.idempotencyKey,
				payment_method_id: method.id,
				amount_cents: request.amountCents,
				currency: request.currency,
				status: reason === null ? "succeeded" : "declined",
				reason,
				created_at: iso(now())
			})
			.onConflict(conflict => conflict.column("idempotency_key").doNothing())
			.execute();
		const row = await tx
			.selectFrom("charges")
			.selectAll()
			.where("idempotency_key", "=", request.idempotencyKey)
			.executeTakeFirstOrThrow();
		return { chargeId: row.id, status: row.status as "succeeded" | "declined", reason: row.reason };
	}

	const webhooks = createWebhookQueue({ db, secret, now, backoff });
	const { enqueue, deliverDue } = webhooks;

	/** Renews, fails or deletes every subscription due now (several periods if the clock jumped), then delivers. */
	async function runDue(source: Source) {
		const counts = { renewed: 0, failed: 0, deleted: 0 };
		const failures: string[] = [];
		for (;;) {
			const due = await db.db
				.selectFrom("provider_subscriptions")
				.selectAll()
				.where("next_attempt_at", "<=", now())
				.orderBy("next_attempt_at")
				.limit(100)
				.execute();
			if (due.length === 0) break;
			for (const sub of due) {
				try {
					await renewOne(sub, counts);
				} catch (error) {
					failures.push(`${sub.id}: ${error instanceof Error ? error.message : String(error)}`);
					// Tried again a retry period later: one subscription that can't be renewed neither stops the others nor spins this loop.
					await db.db
						.updateTable("provider_subscriptions")
						.set({ next_attempt_at: now() + retryMs })
						.where("id", "=", sub.id)
						.execute();
				}
			}
		}
		const delivery = await deliverDue(source);
		if (failures.length > 0)
			throw new BackbeatError(
				"INTERNAL_SERVER_ERROR",
				`runDue: ${failures.length} subscription(s) not renewed: ${failures.join("; ")}`
			);
		return { ...counts, ...delivery };
	}

	/** One due subscription in one transaction: canceled at its period end, renewed, or failed (and deleted after the last attempt). */
	async function renewOne(sub: ProviderSubscription, counts: { renewed: number; failed: number; deleted: number }): Promise<void> {
		await db.transaction(async ({ db: tx }) => {
			const periodEnd = sub.current_period_end;
			const base = { subscriptionId: sub.id, reference: sub.reference };
			const stop = { status: "canceled", next_attempt_at: null };
			if (sub.cancel_at_period_end) {
				await tx.updateTable("provider_subscriptions").set(stop).where("id", "=", sub.id).execute();
				await enqueue(tx, "customer.subscription.deleted", { ...base, periodEnd, reason: "cancellation_requested" });
				counts.deleted++;
				return;
			}
			const attempt = sub.failed_attempts + 1;
			const result = await charge(
				tx,
				{
					paymentMethodId: sub.payment_method_id,
					amountCents: sub.amount_cents,
					currency: sub.currency,
					idempotencyKey: `renewal:${sub.id}:${periodEnd}:${attempt}`
				},
				true
			);
			if (result.status === "succeeded") {
				const next = addMonth(Date.parse(periodEnd));
				await tx
					.updateTable("provider_subscriptions")
					.set({ status: "active", current_period_end: iso(next), failed_attempts: 0, next_attempt_at: next })
					.where("id", "=", sub.id)
					.execute();
				await enqueue(tx, "invoice.paid", { ...base, periodEnd: iso(next), reason: null });
				counts.renewed++;
				return;
			}
			await enqueue(tx, "invoice.payment_failed", { ...base, periodEnd, reason: result.reason });
			counts.failed++;
			if (attempt >= maxAttempts) {
				await tx.updateTable("provider_subscriptions").set(stop).where("id", "=", sub.id).execute();
				await enqueue(tx, "customer.subscription.deleted", { ...base, periodEnd, reason: "payment_failed" });
				counts.deleted++;
				return;
			}
			await tx
				.updateTable("provider_subscriptions")
				.set({ status: "past_due", failed_attempts: attempt, next_attempt_at: Number(sub.next_attempt_at) + retryMs })
				.where("id", "=", sub.id)
				.execute();
		});
	}

	let timer: NodeJS.Timeout | undefined;
	return defineService(PaymentsProviderContract, {
		actions: {
			async attachCard(ctx) {
				const { customerId, card } = ctx.params;
				const paymentMethodId = `pm_${randomUUID()}`;
				const last4 = card.number.slice(-4);
				await db.transaction(async ({ db: tx }) => {
					await tx
						.insertInto("payment_methods")
						.values({
							id: paymentMethodId,
							customer_id: customerId,
							last4,
							behaviour: cardBehaviour(card.number),
							created_at: iso(now())
						})
						.execute();
				});
				return { paymentMethodId, last4 };
			},
			charge: ctx => db.transaction(({ db: tx }) => charge(tx, ctx.params, false)),
			async createSubscription(ctx) {
				const { paymentMethodId, amountCents, currency, reference, currentPeriodEnd } = ctx.params;
				return db.transaction(async ({ db: tx }) => {
					await tx
						.insertInto("provider_subscriptions")
						.values({
							id: `sub_${randomUUID()}`,
							reference,
							payment_method_id: paymentMethodId,
							amount_cents: amountCents,
							currency,
							status: "active",
							current_period_end: currentPeriodEnd,
							cancel_at_period_end: bool(false),
							failed_attempts: 0,
							next_attempt_at: Date.parse(currentPeriodEnd)
						})
						.onConflict(conflict => conflict.column("reference").doNothing())
						.execute();
					const row = await tx
						.selectFrom("provider_subscriptions")
						.select("id")
						.where("reference", "=", reference)
						.executeTakeFirstOrThrow();
					return { subscriptionId: row.id };
				});
			},
			async cancelAtPeriodEnd(ctx) {
				const { subscriptionId } = ctx.params;
				return db.transaction(async ({ db: tx }) => {
					const row = await tx
						.selectFrom("provider_subscriptions")
						.selectAll()
						.where("id", "=", subscriptionId)
						.executeTakeFirst();
					if (!row || row.status === "canceled") throw new BackbeatError("NOT_FOUND", `No live subscription ${subscriptionId}`);
					await tx
						.updateTable("provider_subscriptions")
						.set({ cancel_at_period_end: bool(true) })
						.where("id", "=", subscriptionId)
						.execute();
					return { subscriptionId, currentPeriodEnd: row.current_period_end };
				});
			},
			runDue: ctx => exclusive(() => runDue(ctx)),
			deliverWebhooks: ctx => exclusive(() => deliverDue(ctx)),
			async stats() {
				const deliveries = (delivered: boolean) =>
					db.db
						.selectFrom("webhook_deliveries")
						.select(eb => eb.fn.countAll().as("n"))
						.where("delivered_at", delivered ? "is not" : "is", null)
						.executeTakeFirstOrThrow();
				const [charges, pending, delivered] = await Promise.all([
					db.db
						.selectFrom("charges")
						.select(eb => eb.fn.countAll().as("n"))
						.executeTakeFirstOrThrow(),
					deliveries(false),
					deliveries(true)
				]);
				return { charges: Number(charges.n), pendingWebhooks: Number(pending.n), deliveredWebhooks: Number(delivered.n) };
			}
			// backbeat: actions end
		},
		async started() {
			await db.migrate();
			const broker = this.broker as ServiceBroker;
			if (tickIntervalMs === false) return;
			let ticking = false;
			timer = setInterval(() => {
				// A slow round (a webhook call waiting out its deadline) must not pile up rounds behind it.
				if (ticking) return;
				ticking = true;
				exclusive(() => runDue(broker))
					.catch(error => this.logger.warn(`payments-provider: runDue failed: ${String(error)}`))
					.finally(() => (ticking = false));
			}, tickIntervalMs);
			timer.unref();
		},
		async stopped() {
			if (timer) clearInterval(timer);
			await queue;
			if (database === undefined) await db.close();
		}
	});
}

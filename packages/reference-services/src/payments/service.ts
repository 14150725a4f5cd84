import { createHash, randomUUID } from "node:crypto";
import {
	actionName,
	BackbeatError,
	client,
	defineService,
	idempotencyKeyOf,
	signedInUser,
	type HandlerContext,
	type ServiceDefinition
} from "@backbeat/sdk";
import type { z } from "zod";
import { platformWebhookSecret } from "../config/derived-secrets.js";
import { PaymentsProviderContract } from "../payments-provider/contract.js";
import { addMonth } from "./billing-period.js";
import { type Card, PaymentsContract, type Subscription } from "./contract.js";
import { openPaymentsDatabase, type PaymentsDatabase, type PaymentsTables } from "./database.js";
import { PLANS } from "./plans.js";
import { WebhookEvent } from "./webhook-event.js";
import { verifyWebhook } from "./webhook-signature.js";

export interface PaymentsServiceOptions {
	/** Milliseconds since the epoch: periods, card expiry and webhook timestamps are judged by it; tests move it. Default `Date.now`. */
	readonly now?: () => number;
	/** HMAC-SHA256 key the provider's webhooks are signed with. Default `platformWebhookSecret()`. */
	readonly webhookSecret?: string;
}

type Row = PaymentsTables["subscriptions"];
type SubscriptionView = z.output<typeof Subscription>;
type Ctx = HandlerContext<unknown>;

const NO_SUBSCRIPTION: SubscriptionView = {
	id: null,
	planId: "free",
	status: "none",
	currentPeriodEnd: null,
	cancelAtPeriodEnd: false,
	cardLast4: null
};
const LIVE = ["active", "past_due"];
/** How long a checkout may talk to the provider before another may take its claim (a deadline is far shorter). */
const CHECKOUT_CLAIM_MS = 2 * 60_000;
const DECLINES: Record<string, string> = {
	card_declined: "The card was declined",
	insufficient_funds: "The card has insufficient funds"
};

const view = (row: Row): SubscriptionView => ({
	id: row.id,
	planId: row.plan_id as SubscriptionView["planId"],
	status: row.status as SubscriptionView["status"],
	currentPeriodEnd: row.current_period_end,
	cancelAtPeriodEnd: Boolean(row.cancel_at_period_end),
	cardLast4: row.card_last4
});

/**
 * The payments service on `database`; without one it opens (and on stop
 * closes) `openPaymentsDatabase()`. Checkout charges through the payments
 * provider; later renewals, failures and deletions arrive as the provider's
 * signed webhooks. Every state change publishes its event through the outbox
 * in the same transaction.
 */
export function createPaymentsService(database?: PaymentsDatabase, options: PaymentsServiceOptions = {}): ServiceDefinition {
	const db = database ?? openPaymentsDatabase();
	const now = options.now ?? Date.now;
	const secret = options.webhookSecret ?? platformWebhookSecret();
	const bool = (value: boolean) => (db.dialect === "sqlite" ? Number(value) : value);
	const iso = (ms: number) => new Date(ms).toISOString();
	const premium = PLANS[1];

	const latest = (userId: string, statuses?: string[]) => {
		let query = db.db.selectFrom("subscriptions").selectAll().where("user_id", "=", userId);
		if (statuses) query = query.where("status", "in", statuses);
		return query.orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirst();
	};

	function refuseExpired(card: { expMonth: number; expYear: number }): void {
		const today = new Date(now());
		const year = today.getUTCFullYear();
		if (card.expYear > year || (card.expYear === year && card.expMonth >= today.getUTCMonth() + 1)) return;
		const path = card.expYear < year ? "card.expYear" : "card.expMonth";
		throw new BackbeatError(
			"VALIDATION_FAILED",
			`Invalid params for '${actionName(PaymentsContract, "checkout")}': ${path}: the card has expired`,
			{
				data: {
					target: actionName(PaymentsContract, "checkout"),
					part: "params",
					issues: [{ path, message: "the card has expired" }]
				}
			}
		);
	}

	async function checkout(ctx: Ctx, card: z.output<typeof Card>) {
		const userId = signedInUser(ctx).id;
		refuseExpired(card);
		const key = idempotencyKeyOf(ctx);
		// Derived from the key, so a run of the handler again for the same key (after a retryable failure, or
		// after the SDK forgot the key) finds the same charge and provider subscription instead of making new ones.
		const id = `sub_${typeof key === "string" ? createHash("sha256").update(`${userId}\n${key}`).digest("base64url").slice(0, 22) : randomUUID()}`;
		const live = await latest(userId, LIVE);
		if (live?.id === id) return { subscription: view(live) };
		if (live)
			throw new BackbeatError("CONFLICT", "You already have a subscription; cancel it first", { data: { subscriptionId: live.id } });
		await claimCheckout(userId, id);
		try {
			return await chargeAndSubscribe(ctx, userId, id, card);
		} finally {
			await db.db.deleteFrom("checkouts_in_progress").where("user_id", "=", userId).where("subscription_id", "=", id).execute();
		}
	}

	/**
	 * Makes this checkout the user's only one in progress, or refuses with 409:
	 * two checkouts under different keys (two tabs, a double click that made a
	 * new key) would otherwise both charge. A claim older than
	 * CHECKOUT_CLAIM_MS belongs to a process that died and is taken over.
	 */
	async function claimCheckout(userId: string, id: string): Promise<void> {
		const startedAt = iso(now());
		const [inserted] = await db.db
			.insertInto("checkouts_in_progress")
			.values({ user_id: userId, subscription_id: id, started_at: startedAt })
			.onConflict(conflict => conflict.column("user_id").doNothing())
			.execute();
		if (Number(inserted?.numInsertedOrUpdatedRows ?? 0n) > 0) return;
		const held = await db.db.selectFrom("checkouts_in_progress").selectAll().where("user_id", "=", userId).executeTakeFirst();
		if (held && held.subscription_id !== id && Date.parse(held.started_at) > now() - CHECKOUT_CLAIM_MS)
			throw new BackbeatError("CONFLICT", "Another checkout of yours is in progress; wait for its answer", {
				data: { reason: "CHECKOUT_IN_PROGRESS" }
			});
		// The same key run again, a claim left by a dead process, or a claim released meanwhile: take it (compare-and-set).
		const [taken] = await db.db
			.updateTable("checkouts_in_progress")
			.set({ subscription_id: id, started_at: startedAt })
			.where("user_id", "=", userId)
			.where("started_at", "=", held?.started_at ?? "")
			.execute();
		if (Number(taken?.numUpdatedRows ?? 0n) === 0 && held) return claimCheckout(userId, id);
		if (!held) return claimCheckout(userId, id);
	}

	async function chargeAndSubscribe(ctx: Ctx, userId: string, id: string, card: z.output<typeof Card>) {
		const provider = client(ctx, PaymentsProviderContract);
		const { paymentMethodId, last4 } = await provider.attachCard({ customerId: userId, card });
		const money = { amountCents: premium.priceCents, currency: premium.currency };
		const charged = await provider.charge({ paymentMethodId, ...money, idempotencyKey: `checkout:${id}` });
		const at = now();
		const row: Row = {
			id,
			user_id: userId,
			plan_id: premium.id,
			status: "incomplete",
			current_period_end: null,
			cancel_at_period_end: bool(false),
			card_last4: last4,
			provider_subscription_id: null,
			payment_method_id: paymentMethodId,
			created_at: iso(at),
			updated_at: iso(at)
		};
		if (charged.status === "declined") {
			const reason = charged.reason ?? "card_declined";
			await db.transaction(ctx, async tx => {
				const [inserted] = await tx.db
					.insertInto("subscriptions")
					.values(row)
					.onConflict(conflict => conflict.column("id").doNothing())
					.execute();
				if (Number(inserted?.numInsertedOrUpdatedRows ?? 0n) > 0)
					await tx.publish(
						PaymentsContract,
						"paymentFailed",
						{ subscriptionId: id, userId, planId: premium.id, reason, cardLast4: last4, at: iso(at) },
						{ key: userId }
					);
			});
			throw new BackbeatError("PAYMENT_REQUIRED", `${DECLINES[reason] ?? "The payment was refused"} (${reason})`, {
				data: { reason, subscriptionId: id }
			});
		}
		const periodEnd = iso(addMonth(at));
		const { subscriptionId } = await provider.createSubscription({
			paymentMethodId,
			...money,
			reference: id,
			currentPeriodEnd: periodEnd
		});
		const active: Row = { ...row, status: "active", current_period_end: periodEnd, provider_subscription_id: subscriptionId };
		await db.transaction(ctx, async tx => {
			// Another instance that ran this key at the same moment (no shared idempotency store) may have written it first.
			const [inserted] = await tx.db
				.insertInto("subscriptions")
				.values(active)
				.onConflict(conflict => conflict.column("id").doNothing())
				.execute();
			if (Number(inserted?.numInsertedOrUpdatedRows ?? 0n) === 0) return;
			await tx.publish(
				PaymentsContract,
				"subscriptionActivated",
				{ subscriptionId: id, userId, planId: premium.id, periodEnd, at: iso(at) },
				{ key: userId }
			);
		});
		return { subscription: view(active) };
	}

	async function cancel(ctx: Ctx): Promise<SubscriptionView> {
		const userId = signedInUser(ctx).id;
		const live = await latest(userId, LIVE);
		if (!live?.provider_subscription_id) throw new BackbeatError("NOT_FOUND", "You have no active subscription to cancel");
		if (live.cancel_at_period_end) return view(live);
		// The provider first: if it can't be told, nothing changes here and the call can be repeated.
		await client(ctx, PaymentsProviderContract).cancelAtPeriodEnd({ subscriptionId: live.provider_subscription_id });
		const changed: Row = { ...live, cancel_at_period_end: bool(true), updated_at: iso(now()) };
		await db.db
			.updateTable("subscriptions")
			.set({ cancel_at_period_end: changed.cancel_at_period_end, updated_at: changed.updated_at })
			.where("id", "=", live.id)
			.execute();
		return view(changed);
	}

	async function webhook(ctx: Ctx, payload: string, signature: string | undefined): Promise<{ received: true }> {
		verifyWebhook(secret, signature, payload, Math.floor(now() / 1000));
		let event: WebhookEvent;
		try {
			event = WebhookEvent.parse(JSON.parse(payload));
		} catch {
			throw new BackbeatError("BAD_REQUEST", "Webhook refused: the body is not a provider event", {
				data: { reason: "PAYLOAD_INVALID" }
			});
		}
		const at = iso(now());
		await db.transaction(ctx, async tx => {
			const [recorded] = await tx.db
				.insertInto("webhook_events")
				.values({ event_id: event.id, type: event.type, received_at: at })
				.onConflict(conflict => conflict.column("event_id").doNothing())
				.execute();
			if (Number(recorded?.numInsertedOrUpdatedRows ?? 0n) === 0) return; // delivered before: applied then
			let query = tx.db.selectFrom("subscriptions").selectAll().where("provider_subscription_id", "=", event.data.subscriptionId);
			// On PostgreSQL the row lock queues two events of one subscription; SQLite runs one transaction at a time.
			if (db.dialect === "postgres") query = query.forUpdate();
			const row = await query.executeTakeFirst();
			if (!row || row.status === "canceled") return; // unknown to us, or over: nothing left to change
			const base = { subscriptionId: row.id, userId: row.user_id, planId: row.plan_id, at };
			const update = (set: Partial<Row>) =>
				tx.db
					.updateTable("subscriptions")
					.set({ ...set, updated_at: at })
					.where("id", "=", row.id)
					.execute();
			if (event.type === "invoice.paid") {
				if (
					row.current_period_end !== null &&
					Date.parse(event.data.periodEnd) <= Date.parse(row.current_period_end) &&
					row.status === "active"
				)
					return;
				await update({ status: "active", current_period_end: event.data.periodEnd });
				await tx.publish(
					PaymentsContract,
					"subscriptionActivated",
					{ ...base, periodEnd: event.data.periodEnd },
					{ key: row.user_id }
				);
			} else if (event.type === "invoice.payment_failed") {
				await update({ status: "past_due" });
				const reason = event.data.reason ?? "card_declined";
				await tx.publish(PaymentsContract, "paymentFailed", { ...base, reason, cardLast4: row.card_last4 }, { key: row.user_id });
			} else if (event.type === "customer.subscription.deleted") {
				await update({ status: "canceled" });
				const reason = event.data.reason === "payment_failed" ? "payment_failed" : "requested";
				await tx.publish(PaymentsContract, "subscriptionCanceled", { ...base, reason }, { key: row.user_id });
			}
		});
		return { received: true };
	}

	return defineService(PaymentsContract, {
		outbox: { database: db },
		dependencies: [PaymentsProviderContract.fullName],
		actions: {
			plans: () => ({ items: [...PLANS] }),
			checkout: ctx => checkout(ctx, ctx.params.card),
			subscription: async ctx => {
				const row = await latest(signedInUser(ctx).id);
				return row ? view(row) : NO_SUBSCRIPTION;
			},
			cancel: ctx => cancel(ctx),
			webhook: ctx => webhook(ctx, ctx.params.payload, ctx.params.signature)
			// backbeat: actions end
		},
		async stopped() {
			if (database === undefined) await db.close();
		}
	});
}

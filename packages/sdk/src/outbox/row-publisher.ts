import Channels from "@moleculer/channels";
import type { ServiceBroker } from "moleculer";
import type { ChannelAdapter } from "../channels/resolve-adapter.js";
import { traceSend } from "./outbox-spans.js";
import type { SpanOwner } from "../tracing/tracing-runtime.js";
import type { PublishRows } from "./claim-batch.js";
import type { EventEnvelope } from "./envelope.js";
import { envelopeOf, type OutboxRow } from "./outbox-row.js";

/** A broker with channels: what @moleculer/channels' middleware adds (createBroker's `channels`). */
export interface ChannelBroker extends ServiceBroker {
	sendToChannel(channel: string, payload: unknown, options?: Record<string, unknown>): Promise<void>;
	channelAdapter: ChannelAdapter;
}

export function isChannelBroker(broker: ServiceBroker): broker is ChannelBroker {
	return (
		typeof (broker as Partial<ChannelBroker>).sendToChannel === "function" &&
		(broker as Partial<ChannelBroker>).channelAdapter !== undefined
	);
}

/**
 * Publishes a batch: keys in parallel, each key's rows one after another, and
 * a key stops at its first failure so that a later row never reaches the
 * broker ahead of an earlier one that will be retried. Returns the rows the
 * broker acknowledged. When the broker traces, each message gets a send span
 * (`owner` names its service) that continues the row's creation context.
 */
export function createRowPublisher(
	broker: ChannelBroker,
	onError: (error: unknown, row: OutboxRow) => void,
	owner?: SpanOwner
): PublishRows {
	const adapter = broker.channelAdapter;
	const streamsReady = new Set<string>();

	// JetStream refuses messages for a subject no stream covers, and channels
	// creates streams only when a consumer subscribes: make the stream first,
	// so events wait in it for consumers that start later.
	async function ensureStream(channel: string): Promise<void> {
		if (!(adapter instanceof Channels.Adapters.NATS) || streamsReady.has(channel)) return;
		const subject = adapter.addPrefixTopic(channel);
		await adapter.createStream(subject.split(".").join("_"), [subject], {} as Parameters<typeof adapter.createStream>[2]);
	}

	async function send(row: OutboxRow, envelope: EventEnvelope): Promise<void> {
		await broker.sendToChannel(row.channel, envelope, {
			// JetStream drops a second message with the same id inside its duplicate window.
			msgID: row.event_id,
			...(envelope.traceContext ? { headers: { ...envelope.traceContext } } : {})
		});
		// Channels' adapters return without sending once they are stopping; not an acknowledgement.
		if ((adapter as { stopping?: boolean }).stopping) throw new Error("the channel adapter is stopping");
	}

	async function publishOne(row: OutboxRow): Promise<void> {
		await ensureStream(row.channel);
		await traceSend(broker, owner, envelopeOf(row), envelope => send(row, envelope));
		streamsReady.add(row.channel);
	}

	return async rows => {
		const byKey = new Map<string, OutboxRow[]>();
		for (const row of rows) {
			const list = byKey.get(row.event_key);
			if (list) list.push(row);
			else byKey.set(row.event_key, [row]);
		}
		const sent = new Set<OutboxRow>();
		await Promise.all(
			[...byKey.values()].map(async keyRows => {
				for (const row of keyRows) {
					try {
						await publishOne(row);
						sent.add(row);
					} catch (error) {
						onError(error, row);
						return;
					}
				}
			})
		);
		return rows.filter(row => sent.has(row));
	};
}

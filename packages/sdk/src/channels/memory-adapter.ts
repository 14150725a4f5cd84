import Channels from "@moleculer/channels";
import type { Channel } from "@moleculer/channels/types/src/index.js";

interface Entry {
	readonly seq: number;
	readonly data: Buffer;
	readonly headers: Readonly<Record<string, string>> | undefined;
}

interface Member {
	readonly chan: Channel;
	inFlight: number;
}

interface Group {
	/** Sequence number of the next entry this group has not been handed yet. */
	nextSeq: number;
	readonly members: Member[];
	/** Entries a member rejected; handed out again before new ones. */
	readonly retry: Entry[];
	turn: number;
}

interface Stream {
	/** Sequence number of entries[0]. */
	firstSeq: number;
	readonly entries: Entry[];
	readonly groups: Map<string, Group>;
}

const RETRY_DELAY_MS = 50;
/** Messages every group has taken that are still kept for groups subscribing later. */
const RETAINED = 1024;

/**
 * The channel adapter of embedded mode: a stream per channel in this
 * process's memory with consumer groups, `maxInFlight` per member and
 * redelivery of rejected messages. A group that subscribes late still gets
 * what was published before it existed (everything while no group exists,
 * then the last 1,024 messages all groups have taken), so a message sent
 * before a subscriber starts is not lost,
 * the @moleculer/channels Fake adapter's flaw. Messages live in memory: a
 * process crash loses what the relay already handed over; the outbox rows
 * are marked sent by then, so embedded mode suits development and tests.
 */
export class MemoryChannelAdapter extends Channels.Adapters.Base {
	private readonly streams = new Map<string, Stream>();
	private stopping = false;

	/** `maxInFlight`: messages one subscriber handles at once, unless its channel says otherwise. */
	constructor(options: { readonly maxInFlight: number }) {
		super({ maxInFlight: options.maxInFlight });
	}

	override async connect(): Promise<void> {
		this.stopping = false;
		this.connected = true;
	}

	override async disconnect(): Promise<void> {
		this.stopping = true;
		this.connected = false;
	}

	override async subscribe(chan: Channel): Promise<void> {
		if (chan.maxInFlight == null) chan.maxInFlight = this.opts.maxInFlight;
		const stream = this.stream(chan.name);
		let group = stream.groups.get(chan.group);
		if (!group) {
			group = { nextSeq: stream.firstSeq, members: [], retry: [], turn: 0 };
			stream.groups.set(chan.group, group);
		}
		group.members.push({ chan, inFlight: 0 });
		this.dispatch(stream, group);
	}

	override async unsubscribe(chan: Channel): Promise<void> {
		chan.unsubscribing = true;
		for (const stream of this.streams.values()) {
			for (const group of stream.groups.values()) {
				const index = group.members.findIndex(member => member.chan === chan);
				if (index < 0) continue;
				const [member] = group.members.splice(index, 1);
				while (member && member.inFlight > 0) await new Promise(resolve => setTimeout(resolve, 10));
			}
		}
	}

	override async publish(channelName: string, payload: unknown, opts: { headers?: Record<string, string> } | null): Promise<void> {
		// Unlike the Fake adapter, refuse instead of dropping: the relay keeps the row for later.
		if (this.stopping || !this.connected) throw new Error("the in-process channel adapter is not connected");
		const stream = this.stream(channelName);
		stream.entries.push({
			seq: stream.firstSeq + stream.entries.length,
			data: this.serializer.serialize(payload),
			headers: opts?.headers
		});
		for (const group of stream.groups.values()) this.dispatch(stream, group);
	}

	override parseMessageHeaders(raw: { headers?: Record<string, string> }): Record<string, string> {
		return raw.headers ?? {};
	}

	private stream(name: string): Stream {
		let stream = this.streams.get(name);
		if (!stream) {
			stream = { firstSeq: 0, entries: [], groups: new Map() };
			this.streams.set(name, stream);
		}
		return stream;
	}

	private dispatch(stream: Stream, group: Group): void {
		// Check for work first: picking a member moves the round-robin turn on.
		while (group.retry.length > 0 || group.nextSeq - stream.firstSeq < stream.entries.length) {
			const member = this.freeMember(group);
			if (!member) return;
			let entry = group.retry.shift();
			if (!entry) {
				entry = stream.entries[group.nextSeq - stream.firstSeq];
				if (!entry) return;
				group.nextSeq++;
				this.trim(stream);
			}
			this.deliver(stream, group, member, entry);
		}
	}

	private freeMember(group: Group): Member | undefined {
		for (let i = 0; i < group.members.length; i++) {
			const member = group.members[(group.turn + i) % group.members.length];
			if (member && !member.chan.unsubscribing && member.inFlight < (member.chan.maxInFlight ?? 1)) {
				group.turn = (group.turn + i + 1) % group.members.length;
				return member;
			}
		}
		return undefined;
	}

	private deliver(stream: Stream, group: Group, member: Member, entry: Entry): void {
		member.inFlight++;
		const payload: unknown = this.serializer.deserialize(entry.data);
		Promise.resolve()
			.then(() => member.chan.handler(payload, { payload, headers: entry.headers ?? {} }))
			.then(
				() => {
					member.inFlight--;
					this.dispatch(stream, group);
				},
				() => {
					member.inFlight--;
					setTimeout(() => {
						group.retry.push(entry);
						this.dispatch(stream, group);
					}, RETRY_DELAY_MS).unref();
				}
			);
	}

	/**
	 * Drops the oldest entries every group has taken, keeping the last
	 * `RETAINED` of them, so that a group subscribing late (a new service)
	 * still receives recent messages, as a JetStream consumer with deliver
	 * policy "all" would; with no group yet, everything is kept for the first.
	 */
	private trim(stream: Stream): void {
		if (stream.groups.size === 0) return;
		let lowest = Infinity;
		for (const group of stream.groups.values()) lowest = Math.min(lowest, group.nextSeq);
		const taken = lowest - stream.firstSeq;
		// Trimmed in chunks: one splice per RETAINED messages, not one per message.
		if (taken > 2 * RETAINED) {
			stream.entries.splice(0, taken - RETAINED);
			stream.firstSeq = lowest - RETAINED;
		}
	}
}

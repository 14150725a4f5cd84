import { Serializers, type ServiceBroker } from "moleculer";
import { BackbeatError } from "../errors/backbeat-error.js";

// Packet types that carry user data: requests, responses and events.
const USER_PACKETS: Readonly<Record<string, string>> = { REQ: "request params", RES: "response", EVENT: "event payload" };

/**
 * Moleculer's JSON serializer with clear errors. A value JSON can't encode
 * (BigInt, a cycle) or a packet over the size limit becomes a BackbeatError
 * for the sender, instead of a TypeError in a log or a broker that drops the
 * packet and leaves the caller waiting. A response that fails is replaced by
 * an error response, so the caller learns why at once.
 */
export class GuardedJSONSerializer extends Serializers.JSON {
	private regenerator: ServiceBroker["errorRegenerator"] | undefined;

	constructor(private readonly maxPayloadBytes: number) {
		super();
	}

	override init(broker: ServiceBroker): void {
		super.init(broker);
		this.regenerator = broker.errorRegenerator;
	}

	override serialize(payload: Record<string, unknown>, type = ""): Buffer {
		const what = USER_PACKETS[type];
		let encoded: Buffer;
		try {
			encoded = super.serialize(payload);
		} catch (err) {
			const reason = err instanceof Error ? err.message : String(err);
			return this.refuse(
				payload,
				type,
				new BackbeatError("NOT_SERIALIZABLE", `Cannot send the ${what ?? `${type} packet`}: not JSON-serializable (${reason})`, {
					cause: err
				})
			);
		}
		if (what && encoded.length > this.maxPayloadBytes) {
			return this.refuse(
				payload,
				type,
				new BackbeatError(
					"PAYLOAD_TOO_LARGE",
					`Cannot send the ${what}: ${encoded.length} bytes exceeds the limit of ${this.maxPayloadBytes} (maxPayloadBytes)`,
					{ data: { bytes: encoded.length, limit: this.maxPayloadBytes } }
				)
			);
		}
		return encoded;
	}

	private refuse(payload: Record<string, unknown>, type: string, error: BackbeatError): Buffer {
		if (type !== "RES" || !this.regenerator) throw error;
		const plain = this.regenerator.extractPlainError(error, payload);
		// meta is dropped too: it may be what failed to encode.
		return super.serialize({ ...payload, success: false, data: null, meta: {}, error: plain });
	}
}

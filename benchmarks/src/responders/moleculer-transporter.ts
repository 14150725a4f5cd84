import type { BrokerOptions } from "moleculer";

/** Moleculer accepts connection strings (`nats://…`) and config objects; its typings list only names. */
export function asTransporter(value: unknown): NonNullable<BrokerOptions["transporter"]> {
	return value as NonNullable<BrokerOptions["transporter"]>;
}

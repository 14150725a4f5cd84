import { defineContract, defineService } from "@backbeat/sdk";
import type { ServiceSchema } from "moleculer";
import { z } from "zod";

/** Raw Moleculer: the handler returns its params, so the responder decodes and re-encodes them. */
export const rawEchoService: ServiceSchema = {
	name: "echo",
	actions: { echo: (ctx: { params: unknown }) => ctx.params }
};

/** The same echo through the SDK: a contract, validation of params and result. */
export const EchoContract = defineContract({
	name: "sdk-echo",
	version: 1,
	actions: { echo: { params: z.object({ data: z.string() }), returns: z.object({ data: z.string() }), idempotent: true } }
});

export const sdkEchoService = defineService(EchoContract, { actions: { echo: ctx => ctx.params } });

/** A payload of about `bytes` once JSON-encoded. */
export function payloadOf(bytes: number): { data: string } {
	return { data: "x".repeat(Math.max(0, bytes - 11)) };
}

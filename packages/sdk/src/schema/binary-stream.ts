import type { Readable } from "node:stream";
import type { StandardSchemaV1 } from "@standard-schema/spec";

const BINARY = Symbol.for("backbeat.binaryStream");

/**
 * The `returns` of an action that answers with bytes (audio, files): the
 * handler returns a Node `Readable`, which Moleculer streams to the caller
 * (through the transporter when they are in different processes) and the
 * gateway pipes into the HTTP response. Over `httpClient` the result is the
 * body's bytes.
 */
export interface BinaryStreamSchema extends StandardSchemaV1<Readable, Readable> {
	readonly [BINARY]: { readonly contentType: string };
}

/** True for anything with Node stream's `pipe` and `on`: what Moleculer can stream. */
export function isByteStream(value: unknown): value is Readable {
	return (
		typeof value === "object" &&
		value !== null &&
		typeof (value as Readable).pipe === "function" &&
		typeof (value as Readable).on === "function"
	);
}

/** A `returns` schema for a byte stream of `contentType` (the gateway's default Content-Type for it). */
export function binaryStream(contentType = "application/octet-stream"): BinaryStreamSchema {
	return {
		[BINARY]: { contentType },
		"~standard": {
			version: 1,
			vendor: "backbeat",
			validate: value =>
				isByteStream(value) ? { value } : { issues: [{ message: "Expected a readable stream of bytes (a Node Readable)" }] }
		}
	};
}

/** The content type of a binary `returns` schema, or `undefined` for any other schema. */
export function binaryContentType(schema: unknown): string | undefined {
	return typeof schema === "object" && schema !== null && BINARY in schema
		? (schema as BinaryStreamSchema)[BINARY].contentType
		: undefined;
}

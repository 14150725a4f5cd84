import type { AttributeValue, Attributes } from "@opentelemetry/api";

/**
 * OpenTelemetry's default limits: a span keeps at most 128 attributes, 128
 * events and 128 links (and counts what it dropped), so a loop that adds
 * events can't grow one span without bound.
 */
export const SPAN_LIMITS = { attributes: 128, events: 128, links: 128 } as const;

function isPrimitive(value: unknown): value is string | number | boolean {
	const type = typeof value;
	return type === "string" || type === "number" || type === "boolean";
}

/**
 * A valid attribute value per the OpenTelemetry spec: a string, number or
 * boolean, or an array of one of those types (null/undefined entries allowed).
 * Anything else (objects, mixed arrays) is dropped, as the SDK does.
 */
export function isAttributeValue(value: unknown): value is AttributeValue {
	if (isPrimitive(value)) return true;
	if (!Array.isArray(value)) return false;
	let type: string | undefined;
	for (const entry of value) {
		if (entry === null || entry === undefined) continue;
		if (!isPrimitive(entry)) return false;
		if (type === undefined) type = typeof entry;
		else if (typeof entry !== type) return false;
	}
	return true;
}

/**
 * Copies the valid entries of `from` into the empty object `into`, up to the
 * attribute limit; returns how many were dropped for the limit. Arrays are
 * copied, so a caller changing its array later does not change the copy.
 */
export function copyAttributes(into: Attributes, from: Attributes | undefined): number {
	if (from === undefined) return 0;
	let dropped = 0;
	let count = 0;
	for (const key in from) {
		const value = from[key];
		if (key === "" || !isAttributeValue(value)) continue;
		if (count >= SPAN_LIMITS.attributes) {
			dropped++;
			continue;
		}
		count++;
		into[key] = Array.isArray(value) ? (value.slice() as AttributeValue) : value;
	}
	return dropped;
}

// Attribute sets built once and shared by every span that starts with them
// (an action's rpc.* attributes): checked and frozen when registered, so a
// span can keep a reference instead of copying, until it is changed.
const shared = new WeakSet<Attributes>();

/** Checks `attributes` once, freezes them and lets spans share them (copy on first change). */
export function shareAttributes(attributes: Attributes): Attributes {
	const checked: Attributes = {};
	copyAttributes(checked, attributes);
	Object.freeze(checked);
	shared.add(checked);
	return checked;
}

export function isShared(attributes: Attributes): boolean {
	return shared.has(attributes);
}

/**
 * Rows are spread over a fixed number of partitions by key so that several
 * relays can share the work while each key stays with one relay at a time
 * (its rows go out in order). Changing this number would move keys between
 * partitions, so it is a constant of the table layout, not an option.
 */
export const OUTBOX_PARTITIONS = 32;

/** FNV-1a, 32 bit: fast, stable across processes and releases, good enough spread for keys. */
export function hash32(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash | 0;
}

export function partitionOf(key: string): number {
	return (hash32(key) >>> 0) % OUTBOX_PARTITIONS;
}

// The one pair of functions every gateway variant serves, and the two requests the suite sends.
// No imports: the bare node:http server and the load process load nothing else.

export interface NewItem {
	readonly name: string;
	readonly price: number;
	readonly tags: string[];
	readonly description: string;
}

export interface Item {
	readonly id: string;
	readonly name: string;
	readonly price: number;
	readonly tags: string[];
	readonly description?: string;
}

/** The read: an item made from its id (no store, so every variant does exactly this). */
export function getItem(id: string): Item {
	return { id, name: `Item ${id}`, price: 12.5, tags: ["home", "lighting"] };
}

let created = 0;

/** The write: the new item with an id (not kept, so memory stays flat however long the run). */
export function createItem(input: NewItem): Item {
	return { id: `i-${++created}`, ...input };
}

export const ITEM_ID = "i-42";

/** A POST body of about 1 KB once JSON-encoded. */
export const NEW_ITEM: NewItem = (() => {
	const base = { name: "Desk lamp", price: 49.9, tags: ["home", "lighting", "desk"], description: "" };
	return { ...base, description: "d".repeat(1024 - JSON.stringify(base).length) };
})();

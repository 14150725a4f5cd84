import { type BackbeatError, client, type HandlerContext } from "@backbeat/sdk";
import type { z } from "zod";
import { CatalogContract } from "../catalog/contract.js";
import type { Track } from "../catalog/entities.js";

/** The catalog's tracks by id; ids the catalog has since deleted are left out rather than failing the page. */
export async function catalogTracks(ctx: HandlerContext<unknown>, ids: string[]): Promise<Map<string, z.output<typeof Track>>> {
	const found = new Map<string, z.output<typeof Track>>();
	if (ids.length === 0) return found;
	const catalog = client(ctx, CatalogContract);
	let wanted = ids;
	try {
		for (const track of (await catalog.getTracks({ ids: wanted })).tracks) found.set(track.id, track);
	} catch (error) {
		const gone = (error as BackbeatError).code === "NOT_FOUND" ? ((error as BackbeatError).data as { ids?: string[] })?.ids : undefined;
		if (!gone) throw error;
		wanted = ids.filter(id => !gone.includes(id));
		if (wanted.length > 0) for (const track of (await catalog.getTracks({ ids: wanted })).tracks) found.set(track.id, track);
	}
	return found;
}

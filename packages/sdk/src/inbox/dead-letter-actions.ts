import type { ActionSchema, Context } from "moleculer";
import { z } from "zod";
import { eventName, type Contract } from "../contract/define-contract.js";
import type { EventNames } from "../contract/infer.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { toBackbeatError } from "../errors/normalize.js";
import { validateOrThrow } from "../schema/validate-or-throw.js";
import type { BindableConsumer, ReplayResult } from "./consume.js";
import type { DeadLetter } from "./dead-letters.js";

/**
 * Names of the actions `defineService` adds to a service with consumers, after
 * its full name: `v1.library.$deadLetters.list`. Contract actions are letters
 * and digits only, so these can't collide with one.
 */
export const DEAD_LETTER_ACTIONS = { list: "$deadLetters.list", replay: "$deadLetters.replay" } as const;

const LIST_PARAMS = z.strictObject({
	/** Only this consumer group's letters. Default: every group of the service. */
	group: z.string().min(1).optional(),
	/** Most letters returned, oldest first. Default `100`. */
	limit: z.number().int().min(1).max(10_000).optional()
});

const REPLAY_PARAMS = z.strictObject({
	/** Only this consumer group's letters. Default: every group of the service. */
	group: z.string().min(1).optional(),
	/** Only the letter of this event. Default: every letter. */
	eventId: z.string().min(1).optional()
});

/** Params of `<service>.$deadLetters.list`. */
export type DeadLetterListParams = z.input<typeof LIST_PARAMS>;
/** Params of `<service>.$deadLetters.replay`. */
export type DeadLetterReplayParams = z.input<typeof REPLAY_PARAMS>;

/** Where the groups are in a service's Moleculer metadata, which every node of the cluster sees (`$node.services`). */
interface DeadLetterMetadata {
	readonly backbeat: { readonly deadLetterGroups: readonly string[] };
}

/** The consumer groups whose dead letters a service serves, read from its metadata (as `$node.services` lists it); empty for any other service. */
export function deadLetterGroupsOf(metadata: unknown): readonly string[] {
	const groups = (metadata as Partial<DeadLetterMetadata> | null | undefined)?.backbeat?.deadLetterGroups;
	return Array.isArray(groups) && groups.every(group => typeof group === "string") ? groups : [];
}

/** Consumers that share a database and a group share one dead-letter list. */
interface LetterBox {
	readonly group: string;
	readonly consumers: readonly BindableConsumer[];
}

function letterBoxes(consumers: readonly BindableConsumer[]): LetterBox[] {
	const boxes: Array<{ group: string; database: unknown; consumers: BindableConsumer[] }> = [];
	for (const consumer of consumers) {
		const group = consumer.group!;
		const box = boxes.find(b => b.group === group && b.database === consumer.database);
		if (box) box.consumers.push(consumer);
		else boxes.push({ group, database: consumer.database, consumers: [consumer] });
	}
	return boxes;
}

function declares(consumer: BindableConsumer, type: string): boolean {
	const contract: Contract = consumer.contract;
	return Object.keys(contract.events).some(event => eventName(contract, event as EventNames<Contract>) === type);
}

/** Replays one box's letters, each through the consumer whose contract declares its event. */
async function replayBox(box: LetterBox, eventId: string | undefined): Promise<ReplayResult> {
	if (box.consumers.length === 1) return box.consumers[0]!.replayDeadLetters(eventId);
	const letters = (await box.consumers[0]!.listDeadLetters({ limit: Number.MAX_SAFE_INTEGER })).filter(
		letter => eventId === undefined || letter.eventId === eventId
	);
	let replayed = 0;
	let failed = 0;
	for (const letter of letters) {
		const consumer = box.consumers.find(c => declares(c, letter.type));
		const result = consumer ? await consumer.replayDeadLetters(letter.eventId) : { replayed: 0, failed: 1 };
		replayed += result.replayed;
		failed += result.failed;
	}
	return { replayed, failed };
}

/** The service metadata and the two actions that expose its consumers' dead letters to the cluster. */
export function deadLetterActions(
	service: string,
	consumers: readonly BindableConsumer[]
): { metadata: DeadLetterMetadata; actions: Record<string, ActionSchema> } {
	const boxes = letterBoxes(consumers);
	const groups = [...new Set(boxes.map(box => box.group))];
	const chosen = (group: string | undefined): LetterBox[] => {
		if (group === undefined) return boxes;
		const found = boxes.filter(box => box.group === group);
		if (found.length === 0)
			throw new BackbeatError("NOT_FOUND", `${service} has no consumer group '${group}' (its groups: ${groups.join(", ")})`, {
				data: { field: "group", groups }
			});
		return found;
	};
	// Public, not published: callable across the cluster, never exposed by an API gateway.
	const action = <R>(run: (params: unknown) => Promise<R>): ActionSchema => ({
		visibility: "public",
		handler: (ctx: Context) => run(ctx.params).catch((error: unknown) => Promise.reject(toBackbeatError(error)))
	});
	return {
		metadata: { backbeat: { deadLetterGroups: groups } },
		actions: {
			[DEAD_LETTER_ACTIONS.list]: action(async (raw): Promise<DeadLetter[]> => {
				const params = await validateOrThrow(LIST_PARAMS, raw ?? {}, `${service}.${DEAD_LETTER_ACTIONS.list}`, "params");
				const limit = params.limit ?? 100;
				const lists = await Promise.all(chosen(params.group).map(box => box.consumers[0]!.listDeadLetters({ limit })));
				const letters = lists.flat();
				if (lists.length > 1) letters.sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt) || a.id - b.id);
				return letters.slice(0, limit);
			}),
			[DEAD_LETTER_ACTIONS.replay]: action(async (raw): Promise<ReplayResult> => {
				const params = await validateOrThrow(REPLAY_PARAMS, raw ?? {}, `${service}.${DEAD_LETTER_ACTIONS.replay}`, "params");
				let replayed = 0;
				let failed = 0;
				for (const box of chosen(params.group)) {
					const result = await replayBox(box, params.eventId);
					replayed += result.replayed;
					failed += result.failed;
				}
				return { replayed, failed };
			})
		}
	};
}

// Type-level tests of the dead-letter actions' params, checked by `tsc -p test-d`.
import { DEAD_LETTER_ACTIONS, deadLetterGroupsOf, type DeadLetterListParams, type DeadLetterReplayParams } from "../src/index.js";
import type { Equal, Expect } from "./type-utils.js";

type _list = Expect<Equal<DeadLetterListParams, { group?: string | undefined; limit?: number | undefined }>>;
type _replay = Expect<Equal<DeadLetterReplayParams, { group?: string | undefined; eventId?: string | undefined }>>;
type _names = Expect<Equal<typeof DEAD_LETTER_ACTIONS, { readonly list: "$deadLetters.list"; readonly replay: "$deadLetters.replay" }>>;
type _groups = Expect<Equal<ReturnType<typeof deadLetterGroupsOf>, readonly string[]>>;

export const everyLetter: DeadLetterReplayParams = {};
// @ts-expect-error limit is a number
export const wrongLimit: DeadLetterListParams = { limit: "10" };
// @ts-expect-error unknown param
export const misspelt: DeadLetterReplayParams = { eventID: "e1" };

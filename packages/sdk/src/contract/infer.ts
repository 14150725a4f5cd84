import type { Input, Output } from "../schema/standard-schema.js";
import type { Contract } from "./define-contract.js";

export type AnyContract = Contract;

export type ActionNames<C extends AnyContract> = keyof C["actions"] & string;
export type EventNames<C extends AnyContract> = keyof C["events"] & string;

/** What a caller passes. */
export type ParamsIn<C extends AnyContract, K extends ActionNames<C>> = Input<C["actions"][K]["params"]>;
/** What the handler receives as `ctx.params`. */
export type ParamsOut<C extends AnyContract, K extends ActionNames<C>> = Output<C["actions"][K]["params"]>;
/** What the handler returns. */
export type ResultIn<C extends AnyContract, K extends ActionNames<C>> = Input<C["actions"][K]["returns"]>;
/** What the caller receives. */
export type ResultOut<C extends AnyContract, K extends ActionNames<C>> = Output<C["actions"][K]["returns"]>;
/** What an emitter passes. */
export type PayloadIn<C extends AnyContract, K extends EventNames<C>> = Input<C["events"][K]["payload"]>;
/** What an event handler receives. */
export type PayloadOut<C extends AnyContract, K extends EventNames<C>> = Output<C["events"][K]["payload"]>;

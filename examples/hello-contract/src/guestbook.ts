import { EventEmitter } from "node:events";
import { defineService, on } from "@backbeat/sdk";
import { GreeterContract, GuestbookContract } from "./contracts.js";

/** A guestbook service with its own memory; `signed` fires for every new entry. */
export function createGuestbook() {
	const names: string[] = [];
	const signed = new EventEmitter();
	const service = defineService(GuestbookContract, {
		actions: {
			list: () => ({ names: [...names] })
		},
		subscriptions: [
			on(GreeterContract, {
				greeted(ctx) {
					names.push(ctx.params.name);
					signed.emit("signed", ctx.params.name);
				}
			})
		]
	});
	return { service, signed };
}

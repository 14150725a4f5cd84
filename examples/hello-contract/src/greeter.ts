import { defineService, emitter } from "@backbeat/sdk";
import { GreeterContract } from "./contracts.js";

export const greeterService = defineService(GreeterContract, {
	actions: {
		async hello(ctx) {
			// ctx.params is { name: string }, validated before this line runs.
			await emitter(ctx, GreeterContract).greeted({ name: ctx.params.name, at: new Date().toISOString() });
			return { greeting: `Hello, ${ctx.params.name}!` };
		}
	}
});

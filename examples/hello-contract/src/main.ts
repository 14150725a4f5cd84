// Runs both services on one broker (in-process unless BACKBEAT_TRANSPORTER is
// set), makes a typed call, waits for the typed event, and prints what happened.
import { once } from "node:events";
import { BackbeatError, client, createBroker } from "@backbeat/sdk";
import { GreeterContract, GuestbookContract } from "./contracts.js";
import { greeterService } from "./greeter.js";
import { createGuestbook } from "./guestbook.js";

const guestbook = createGuestbook();
const broker = createBroker({ logLevel: "warn", services: [greeterService, guestbook.service] });
await broker.start();
try {
	const greeter = client(broker, GreeterContract);
	const signed = once(guestbook.signed, "signed");
	const { greeting } = await greeter.hello({ name: "Ada" });
	console.log(`call   greeter.hello -> ${greeting}`);
	await signed;
	const { names } = await client(broker, GuestbookContract).list({});
	console.log(`event  greeter.greeted -> guestbook now has: ${names.join(", ")}`);
	try {
		await greeter.hello({ name: "" });
	} catch (err) {
		if (!(err instanceof BackbeatError)) throw err;
		console.log(`error  ${err.code} (${err.httpStatus}) -> ${err.message}`);
	}
} finally {
	await broker.stop();
}

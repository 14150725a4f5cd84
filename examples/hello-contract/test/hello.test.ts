import { execFile } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { client } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { GreeterContract, GuestbookContract } from "../src/contracts.js";
import { greeterService } from "../src/greeter.js";
import { createGuestbook } from "../src/guestbook.js";

const exampleDir = dirname(dirname(fileURLToPath(import.meta.url)));

t.test("a typed call greets and the typed event lands in the guestbook", async t => {
	const guestbook = createGuestbook();
	const broker = await startTestBroker(t, { services: [greeterService, guestbook.service] });
	const signed = once(guestbook.signed, "signed");
	t.same(await client(broker, GreeterContract).hello({ name: "Grace" }), { greeting: "Hello, Grace!" });
	t.same(await signed, ["Grace"]);
	t.same(await client(broker, GuestbookContract).list({}), { names: ["Grace"] });
	await t.rejects(client(broker, GreeterContract).hello({ name: "" }), { code: "VALIDATION_FAILED" });
});

t.test("`npm start` runs the example end to end", async t => {
	const { stdout } = await promisify(execFile)(process.execPath, [join(exampleDir, "dist", "main.js")], {
		env: { ...process.env, BACKBEAT_TRANSPORTER: "" },
		timeout: 30_000
	});
	t.match(stdout, /call {3}greeter\.hello -> Hello, Ada!/);
	t.match(stdout, /event {2}greeter\.greeted -> guestbook now has: Ada/);
	t.match(stdout, /error {2}VALIDATION_FAILED \(422\) -> Invalid params for 'v1\.greeter\.hello': name:/);
});

// `npm start`'s program (src/main.ts) as a user runs it: the whole platform in
// one process on embedded defaults, data kept between runs, Ctrl-C stopping it
// cleanly, and one-line errors for a taken or bad port.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import t from "tap";
import { PLATFORM_PARTS } from "../src/platform.js";
import { useTemporaryDataDir } from "./support/data-dir.js";
import { runPlatform as run } from "./support/platform-process.js";

t.test("the platform serves, keeps its data between runs and stops on Ctrl-C", async t => {
	const dataDir = useTemporaryDataDir(t);
	const first = run({ PORT: "0" });
	t.teardown(() => void first.child.kill("SIGKILL"));
	const url = await first.ready;
	t.match(first.output().stdout, /API docs: +http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
	t.match(first.output().stdout, /Web player: +http:\/\/127\.0\.0\.1:\d+\/\n/, "it names the page to open (the build made the player)");
	const page = await fetch(`${url}/`);
	t.equal(page.status, 200, "the web player answers at /");
	t.match(page.headers.get("content-type"), /^text\/html/);
	t.match(await page.text(), "<title>Backbeat</title>");
	const search = await fetch(`${url}/api/search?q=lo&limit=1`);
	t.equal(search.status, 200);
	t.ok(((await search.json()) as { tracks: { total: number } }).tracks.total > 0, "the catalog was generated");
	t.equal((await fetch(`${url}/api/docs`)).status, 200);
	const account = { email: "first@example.com", password: "password 1", displayName: "First" };
	const registered = await fetch(`${url}/api/auth/register`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(account)
	});
	t.equal(registered.status, 201);
	for (const file of ["catalog.sqlite", "users.sqlite", "jwt-secret"])
		t.ok(existsSync(join(dataDir, file)), `${file} in the data folder`);
	first.child.kill("SIGINT");
	t.same(await first.exited, [0, null], "Ctrl-C stops it with exit code 0");
	t.match(first.output().stdout, /SIGINT: stopping/);

	const second = run({ PORT: "0" });
	t.teardown(() => void second.child.kill("SIGKILL"));
	const again = await second.ready;
	const login = await fetch(`${again}/api/auth/login`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ email: account.email, password: account.password })
	});
	t.equal(login.status, 200, "a second start reuses the data: the account is still there");
	const { accessToken } = (await login.json()) as { accessToken: string };
	t.equal((await fetch(`${again}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status, 200);
	second.child.kill("SIGTERM");
	t.same(await second.exited, [0, null]);
});

t.test("a port in use or a bad PORT is a one-line error", async t => {
	useTemporaryDataDir(t);
	const taken = createServer();
	await new Promise<void>(resolve => taken.listen(0, "127.0.0.1", resolve));
	t.teardown(() => void taken.close());
	const port = (taken.address() as { port: number }).port;
	const busy = run({ PORT: String(port) });
	t.same(await busy.exited, [1, null]);
	t.equal(busy.output().stderr, `backbeat: port ${port} is in use: stop what uses it or start with PORT=<another port>\n`);
	const bad = run({ PORT: "eighty" });
	t.same(await bad.exited, [1, null]);
	t.equal(bad.output().stderr, "backbeat: PORT must be a port number from 0 to 65535, got 'eighty'\n");
	const unknown = run({ PORT: "0" }, ["--services", "gateway,radio"]);
	t.same(await unknown.exited, [1, null]);
	t.equal(
		unknown.output().stderr,
		`backbeat: --services: expected a comma-separated list of ${PLATFORM_PARTS.join(", ")}, got 'gateway,radio'\n`
	);
	t.match(PLATFORM_PARTS.join(), /streaming,payments,payments-provider,recommendations,notifications/, "every service is a part");
});

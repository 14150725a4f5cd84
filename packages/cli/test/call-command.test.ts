import { execFile, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serverUrl, skipUnlessServer, uniqueNamespace } from "@backbeat/sdk/testing";
import t from "tap";
import { bin, backbeatAsync as backbeat } from "./support/cli.js";

t.test("call and emit against a running project over NATS", { skip: await skipUnlessServer("nats") }, async t => {
	const cwd = mkdtempSync(join(tmpdir(), "backbeat-call-"));
	t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
	spawnSync(process.execPath, [bin, "new", "project", "live"], { cwd });
	const root = join(cwd, "live");
	// Give the generated greeter an event, with a handler that prints what it receives.
	spawnSync(process.execPath, [bin, "add", "event", "greeter", "greeted"], { cwd: root });
	const service = join(root, "src/services/greeter/service.ts");
	writeFileSync(
		service,
		readFileSync(service, "utf8").replace(
			/greeted: \(\) => \{\n[^\n]*\n\t*\},/,
			"greeted: ctx => console.log(`greeted ${ctx.params.id}`),"
		)
	);
	const npm = (...args: string[]) => promisify(execFile)("npm", args, { cwd: root, timeout: 240_000 });
	await npm("install", "--no-audit", "--no-fund", "--prefer-offline");
	await npm("run", "build");

	const transporter = serverUrl("nats");
	const namespace = uniqueNamespace("cli");
	const cluster = spawn(process.execPath, ["dist/src/main.js"], {
		cwd: root,
		env: { ...process.env, BACKBEAT_TRANSPORTER: transporter, BACKBEAT_NAMESPACE: namespace, BACKBEAT_LOG_LEVEL: "warn" },
		stdio: ["ignore", "pipe", "inherit"]
	});
	t.teardown(async () => {
		if (cluster.exitCode === null) {
			cluster.kill("SIGTERM");
			await once(cluster, "exit");
		}
	});
	let clusterOut = "";
	cluster.stdout.setEncoding("utf8").on("data", (chunk: string) => (clusterOut += chunk));

	const ok = await backbeat(root, "call", "greeter.hello", '{"name":"Ada"}', "--transporter", transporter, "--namespace", namespace);
	t.equal(ok.status, 0, ok.stderr);
	t.same(JSON.parse(ok.stdout), { greeting: "Hello, Ada!" });

	const greeted = new Promise<void>(resolve => cluster.stdout.on("data", () => clusterOut.includes("greeted Grace") && resolve()));
	const emitted = await backbeat(
		root,
		"emit",
		"greeter.greeted",
		'{"id":"Grace"}',
		"--transporter",
		transporter,
		"--namespace",
		namespace
	);
	t.equal(emitted.status, 0, emitted.stderr);
	t.match(emitted.stdout, /emitted v1\.greeter\.greeted/);
	await greeted;
	t.match(clusterOut, /greeted Grace/, "the subscriber received the event");

	// Checked before sending: an unreachable transporter proves nothing was attempted.
	const invalid = await backbeat(root, "call", "greeter.hello", '{"name":""}', "--transporter", "nats://127.0.0.1:1");
	t.equal(invalid.status, 2);
	t.match(invalid.stderr, /invalid input for v1\.greeter\.hello, nothing was sent: name:/);
	const badPayload = await backbeat(root, "emit", "greeter.greeted", '{"id":5}', "--transporter", "nats://127.0.0.1:1");
	t.equal(badPayload.status, 2);
	t.match(badPayload.stderr, /nothing was sent: id:/);

	const cases: Array<[string[], RegExp]> = [
		[["call", "greeter.nope"], /v1\.greeter has no action 'nope' \(known: hello\)/],
		[["call", "catalog.get"], /no contract for service 'catalog' \(known: v1\.greeter\)/],
		[["call", "greeter"], /'greeter' is not <service>\.<action>/],
		[["call", "greeter.hello", "{bad"], /the params are not valid JSON/],
		[["emit", "greeter.shouted"], /has no event 'shouted' \(known: greeted\)/],
		[["call", "greeter.hello", '{"name":"x"}', "--timeout", "soon"], /--timeout must be a positive integer/]
	];
	for (const [args, message] of cases) {
		const run = await backbeat(root, ...args, ...(args.includes("--transporter") ? [] : ["--transporter", transporter]));
		t.equal(run.status, 2, args.join(" "));
		t.match(run.stderr, message, args.join(" "));
	}
	const noTransport = await backbeat(root, "call", "greeter.hello", '{"name":"x"}');
	t.equal(noTransport.status, 2);
	t.match(noTransport.stderr, /no transporter/);
	const unbuilt = await backbeat(cwd, "call", "greeter.hello");
	t.equal(unbuilt.status, 1);
	t.match(unbuilt.stderr, /run 'npm run build' in the project first/);
});

import { execFile, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serverUrl, skipUnlessServer, uniqueNamespace } from "@backbeat/sdk/testing";
import t from "tap";
import { bin, runningBackbeat as running } from "./support/cli.js";

const env = { ...process.env, BACKBEAT_TRANSPORTER: "", BACKBEAT_NAMESPACE: "" };

async function greet(root: string, transporter: string, namespace: string): Promise<string> {
	const { stdout } = await promisify(execFile)(
		process.execPath,
		[bin, "call", "greeter.hello", '{"name":"Ada"}', "--transporter", transporter, "--namespace", namespace],
		{ cwd: root, env }
	);
	return (JSON.parse(stdout) as { greeting: string }).greeting;
}

t.test("start and dev run a generated project; dev rebuilds and restarts on change", { skip: await skipUnlessServer("nats") }, async t => {
	const cwd = mkdtempSync(join(tmpdir(), "backbeat-dev-"));
	t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
	spawnSync(process.execPath, [bin, "new", "project", "devapp"], { cwd });
	const root = join(cwd, "devapp");
	spawnSync(process.execPath, [bin, "new", "service", "search"], { cwd: root });
	const npm = (...args: string[]) => promisify(execFile)("npm", args, { cwd: root, timeout: 240_000 });
	await npm("install", "--no-audit", "--no-fund", "--prefer-offline");
	await npm("run", "build");
	const transporter = serverUrl("nats");

	t.test("start: the chosen services, until SIGTERM", async t => {
		const namespace = uniqueNamespace("start");
		const start = running(t, root, ["start", "--services", "greeter", "--transporter", transporter, "--namespace", namespace]);
		await start.waitFor(/started greeter on nats/);
		t.notMatch(start.output(), /search/, "only the chosen service runs");
		t.equal(await greet(root, transporter, namespace), "Hello, Ada!");
		start.child.kill("SIGTERM");
		const [code] = await once(start.child, "exit");
		t.equal(code, 0, "a graceful stop");
	});

	t.test("start: an unknown service is a usage error", async t => {
		const run = spawnSync(process.execPath, [bin, "start", "--services", "nope"], { cwd: root, env, encoding: "utf8" });
		t.equal(run.status, 2);
		t.match(run.stderr, /unknown service 'nope' \(known: greeter, search\)/);
	});

	t.test("dev: rebuild and restart on change; a broken build keeps the old services", async t => {
		const namespace = uniqueNamespace("dev");
		const dev = running(t, root, ["dev", "--transporter", transporter, "--namespace", namespace]);
		await dev.waitFor(/started greeter, search on nats/);
		t.equal(await greet(root, transporter, namespace), "Hello, Ada!");

		const servicePath = join(root, "src/services/greeter/service.ts");
		const original = readFileSync(servicePath, "utf8");
		writeFileSync(servicePath, original.replace("Hello, ", "Hi, "));
		await dev.waitFor(/dev: restarted/);
		await dev.waitFor(/started greeter, search on nats/, 2);
		t.equal(await greet(root, transporter, namespace), "Hi, Ada!");

		writeFileSync(servicePath, original.replace("greeting: `Hello", "greeting: 42, oops: `Hello"));
		await dev.waitFor(/dev: build failed, keeping the running services/);
		t.equal(await greet(root, transporter, namespace), "Hi, Ada!", "the last good build still answers");

		dev.child.kill("SIGINT");
		const [code] = await once(dev.child, "exit");
		t.equal(code, 0);
	});
});

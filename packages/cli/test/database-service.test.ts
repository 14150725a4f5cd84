// `new service --db` in a generated project: its tests pass (SQLite in memory),
// an added action's stub compiles and fails until written, and the service runs
// distributed on PostgreSQL and JetStream, its outbox event reaching a consumer.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { consume, createBroker, defineContract, defineService, openDatabase, type Contract } from "@backbeat/sdk";
import { cleanChannels, serverUrl, skipUnlessServer, uniqueNamespace } from "@backbeat/sdk/testing";
import t from "tap";
import { backbeat, backbeatAsync, run, runningBackbeat, tempDir } from "./support/cli.js";
import { postgresSchema } from "./support/servers.js";

t.test("a service made with --db passes its tests, runs on PostgreSQL and JetStream, and its event reaches a consumer", async t => {
	const cwd = tempDir(t);
	t.equal(backbeat(cwd, "new", "project", "shop").status, 0);
	const root = join(cwd, "shop");
	const made = backbeat(root, "new", "service", "orders", "--db");
	t.equal(made.status, 0, made.stderr);
	t.match(made.stdout, /create src\/services\/orders\/database\.ts\n/);
	t.match(made.stdout, /edit {3}package\.json \(add the database drivers better-sqlite3 and pg\)/);
	const added = backbeat(root, "add", "action", "orders", "refund");
	t.equal(added.status, 0, added.stderr);
	t.match(
		readFileSync(join(root, "test/orders.test.ts"), "utf8"),
		/test\("orders\.refund \(a stub[^\n]*\n[^\n]*services: \[createOrdersService\(openOrdersDatabase\("sqlite::memory:"\)\)\]/,
		"the stub's test knows the service takes a database"
	);

	const npm = (...args: string[]) => run(root, "npm", args);
	// No install scripts: better-sqlite3 would compile for minutes, and the SDK linked from this
	// repository loads the repository's own build of it.
	const install = await npm("install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts");
	t.equal(install.code, 0, install.output);
	const red = await npm("test");
	t.not(red.code, 0, "the stub fails");
	t.match(red.output, /# pass 6\n# fail 1\n/, "greeter's and the database service's tests pass, the stub fails");
	t.match(red.output, /ok \d+ - orders\.create stores a row and publishes 'created' with it; a durable consumer receives the event/);
	t.match(red.output, /error: 'orders\.refund is not implemented yet'/);
	const service = join(root, "src/services/orders/service.ts");
	writeFileSync(
		service,
		readFileSync(service, "utf8").replace(/refund: \(\) => \{\n[^\n]*\n\t*\},/, "refund: ctx => ({ id: ctx.params.id }),")
	);
	const green = await npm("test");
	t.equal(green.code, 0, green.output);
	t.match(green.output, /# pass 7\n# fail 0\n/);

	const skip = (await skipUnlessServer("nats")) || (await skipUnlessServer("postgres"));
	t.test("distributed: PostgreSQL through ORDERS_DATABASE_URL, outbox events on JetStream", { skip }, async t => {
		const nats = serverUrl("nats");
		const namespace = uniqueNamespace("db-service");
		cleanChannels(t, serverUrl("nats"), namespace);
		const database = postgresSchema(t, "orders");
		const start = runningBackbeat(
			t,
			root,
			["start", "--services", "orders", "--transporter", nats, "--channels", nats, "--namespace", namespace],
			{ ORDERS_DATABASE_URL: database.url }
		);
		await start.waitFor(/started orders on nats/);

		// Another service's consumer of 'created', in this process, typed by the project's built contract.
		const { OrdersContract } = (await import(pathToFileURL(join(root, "dist/src/services/orders/contract.js")).href)) as {
			OrdersContract: Contract;
		};
		const inbox = openDatabase({ url: postgresSchema(t, "inbox").url });
		let deliver: (payload: unknown) => void = () => undefined;
		const delivered = new Promise<unknown>(resolve => (deliver = resolve));
		const listener = defineService(defineContract({ name: "orders-listener", version: 1, actions: {} }), {
			actions: {},
			consumers: [consume(OrdersContract, inbox, { created: async event => deliver(event.payload) })],
			stopped: () => inbox.close()
		});
		const broker = createBroker({ transporter: nats, channels: nats, namespace, logLevel: "error", services: [listener] });
		t.teardown(() => broker.stop());
		await broker.start();

		const call = (action: string, params: object) =>
			backbeatAsync(root, "call", action, JSON.stringify(params), "--transporter", nats, "--namespace", namespace);
		const created = await call("orders.create", { name: "Ada" });
		t.equal(created.status, 0, created.stderr);
		const { id } = JSON.parse(created.stdout) as { id: string };
		t.same(await delivered, { id, name: "Ada" }, "the relay published the committed event to JetStream and the consumer handled it");
		t.same(await database.query("select id, name from orders"), [{ id, name: "Ada" }], "the row is in the service's own schema");
		t.same(
			await database.query("select count(*)::int as n from backbeat_migrations where id = '001-orders'"),
			[{ n: 1 }],
			"its migration ran there"
		);
		const got = await call("orders.get", { id });
		t.equal(got.status, 0, got.stderr);
		t.match(JSON.parse(got.stdout), { id, name: "Ada" });
	});
});

// Bad storage, channel and relay settings fail at once with CONFIG_INVALID
// naming the setting; a failing migration leaves nothing half-made.
import t from "tap";
import { consume, createBroker, createRelay, openDatabase } from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";
import { LedgerContract, openProducerDatabase } from "../support/ledger.js";
import { rejectionOf, thrownBy } from "../support/failures.js";
import { testDatabaseUrl } from "../../src/testing/index.js";

t.test("database URLs", async t => {
	const cases: [string, RegExp][] = [
		["mysql://localhost/db", /unsupported database 'mysql:'/],
		["sqlite:", /needs a file/],
		["not a url", /not a URL/],
		["postgres://localhost/db?schema=Bad-Name", /schema 'Bad-Name'/]
	];
	for (const [url, message] of cases) {
		const error = thrownBy(() => openDatabase({ url }));
		t.equal(error.code, "CONFIG_INVALID", url);
		t.equal((error.data as { setting: string }).setting, "url");
		t.match(error.message, message);
	}
	const fromEnv = thrownBy(() => openDatabase({}, { BACKBEAT_DATABASE_URL: "oracle://x" }));
	t.equal((fromEnv.data as { setting: string }).setting, "BACKBEAT_DATABASE_URL", "the variable is named when it was the source");
	t.equal(thrownBy(() => openDatabase({ url: "sqlite::memory:", poolSize: 0 })).code, "CONFIG_INVALID");
	const twice = thrownBy(() =>
		openDatabase({
			url: "sqlite::memory:",
			migrations: [
				{ id: "a", up: async () => undefined },
				{ id: "a", up: async () => undefined }
			]
		})
	);
	t.match(twice.message, /'a' is used twice/);
	t.equal((twice.data as { field: string }).field, "migrations[1].id");
});

t.test("the default database is a SQLite file under BACKBEAT_DATA_DIR named after the service", async t => {
	const dir = t.testdir();
	const db = openDatabase({ name: "catalog" }, { BACKBEAT_DATA_DIR: dir });
	t.teardown(() => db.close());
	await db.migrate();
	t.equal(db.dialect, "sqlite");
	const { existsSync } = await import("node:fs");
	t.ok(existsSync(`${dir}/catalog.sqlite`));
});

t.test("a failing migration applies nothing and names the step", async t => {
	const db = openDatabase({
		url: testDatabaseUrl(t, "sqlite", "failing"),
		migrations: [
			{ id: "001-ok", up: async db => void (await db.schema.createTable("first").addColumn("id", "integer").execute()) },
			{ id: "002-broken", up: async () => Promise.reject(new Error("syntax error near nowhere")) }
		]
	});
	t.teardown(() => db.close());
	const error = await rejectionOf(db.migrate());
	t.match(error.message, /migration '002-broken' failed: syntax error near nowhere/);
	const tables = await db.db.introspection.getTables();
	t.same(
		tables.map(table => table.name).filter(name => !name.startsWith("sqlite_")),
		[],
		"no table of the failed run remains, not even the SDK's"
	);
	const again = await rejectionOf(db.migrate());
	t.match(again.message, /002-broken/, "a later call tries again");
});

t.test("channel settings", async t => {
	const bad = thrownBy(() => createBroker({ channels: "kafka://localhost:9092" }, {}));
	t.equal(bad.code, "CONFIG_INVALID");
	t.equal((bad.data as { setting: string }).setting, "channels");
	t.match(bad.message, /unsupported channels scheme 'kafka:'/);
	const amqp = thrownBy(() => createBroker({ channels: "amqp://guest:guest@127.0.0.1:5672" }, {}));
	t.match(amqp.message, /publisher confirms/, "AMQP is refused with the reason");
	const fromEnv = thrownBy(() => createBroker({}, { BACKBEAT_CHANNELS_URL: "nonsense" }));
	t.equal((fromEnv.data as { setting: string }).setting, "BACKBEAT_CHANNELS_URL");
	const inFlight = thrownBy(() => createBroker({ channels: { url: "in-process", maxInFlight: 0 } }, {}));
	t.equal((inFlight.data as { setting: string }).setting, "channels.maxInFlight");
});

t.test("relay and consumer settings", async t => {
	const distributed = createBroker({ transporter: "nats://127.0.0.1:4222", logLevel: "fatal" }, {});
	const db = openProducerDatabase(testDatabaseUrl(t, "sqlite", "relay"));
	t.teardown(() => db.close());
	const noChannels = thrownBy(() => createRelay(distributed, db));
	t.match(noChannels.message, /BACKBEAT_CHANNELS_URL/, "a broker without channels can't have a relay");
	const broker = await startTestBroker(t);
	t.equal(thrownBy(() => createRelay(broker, db, { batchSize: 0 })).code, "CONFIG_INVALID");
	const first = createRelay(broker, db);
	await first.start();
	t.teardown(() => first.stop());
	const second = await rejectionOf(createRelay(broker, db).start());
	t.match(second.message, /one relay/, "SQLite refuses a second relay on the same database");
	t.equal(thrownBy(() => consume(LedgerContract, db, {}, { maxAttempts: 0 })).code, "CONFIG_INVALID");
	t.match(
		thrownBy(() => consume(LedgerContract, db, {}, { batchSize: 0 })),
		{ code: "CONFIG_INVALID", data: { setting: "batchSize" } }
	);
	t.match(
		thrownBy(() => consume(LedgerContract, db, {}, { concurrency: 1.5 })),
		{ code: "CONFIG_INVALID", data: { setting: "concurrency" } }
	);
	// @ts-expect-error the contract has no such event
	t.equal(thrownBy(() => consume(LedgerContract, db, { nope: async () => undefined })).code, "CONTRACT_INVALID");
});

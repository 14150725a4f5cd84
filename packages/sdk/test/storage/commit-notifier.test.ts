// Writers wake relays in other processes with a NOTIFY after their commit,
// not inside the transaction (where it would make PostgreSQL commit the
// writers one at a time), and a burst of commits shares few of them.
import pg from "pg";
import t from "tap";
import { openDatabase } from "../../src/index.js";
import { CommitNotifier } from "../../src/storage/commit-notifier.js";
import { sqlDatabaseOf } from "../../src/outbox/open-database.js";
import { skipUnlessServer } from "../../src/testing/index.js";
import { testDatabaseUrl } from "../../src/testing/index.js";
import { LedgerContract } from "../support/ledger.js";

t.test("one NOTIFY in flight at a time; commits meanwhile share the next one", async t => {
	const pending: (() => void)[] = [];
	const notifier = new CommitNotifier(() => new Promise<void>(resolve => pending.push(resolve)));
	for (let i = 0; i < 10; i++) notifier.committed();
	t.equal(pending.length, 1, "the first commit sends at once, the other nine wait");
	pending.shift()?.();
	await new Promise(resolve => setImmediate(resolve));
	t.equal(pending.length, 1, "one more for the nine");
	pending.shift()?.();
	await new Promise(resolve => setImmediate(resolve));
	t.equal(pending.length, 0, "and nothing after that");
	notifier.committed();
	t.equal(pending.length, 1, "a later commit sends again");
});

t.test("a failed NOTIFY does not stop later ones", async t => {
	let sends = 0;
	const notifier = new CommitNotifier(async () => {
		sends++;
		throw new Error("server away");
	});
	notifier.committed();
	await new Promise(resolve => setImmediate(resolve));
	notifier.committed();
	await new Promise(resolve => setImmediate(resolve));
	t.equal(sends, 2);
});

const skip = await skipUnlessServer("postgres");
t.test("on PostgreSQL a commit that published wakes listeners in other sessions, once", { skip }, async t => {
	const db = sqlDatabaseOf(openDatabase({ url: testDatabaseUrl(t, "postgres", "notify") }));
	t.teardown(() => db.close());
	await db.migrate();
	const listener = new pg.Client({ connectionString: db.target.dialect === "postgres" ? db.target.connectionString : "" });
	await listener.connect();
	t.teardown(() => listener.end());
	const notified: number[] = [];
	let firstWakeUp: () => void = () => undefined;
	const wokenUp = new Promise<void>(resolve => (firstWakeUp = resolve));
	listener.on("notification", message => {
		if (message.channel !== db.wakeChannel) return;
		notified.push(message.processId);
		firstWakeUp();
	});
	await listener.query(`LISTEN "${db.wakeChannel}"`);
	await db.transaction(async tx => {
		await tx.publish(LedgerContract, "entryRecorded", { key: "a", seq: 0 }, { key: "a" });
		await tx.publish(LedgerContract, "entryRecorded", { key: "a", seq: 1 }, { key: "a" });
	});
	await wokenUp;
	await t.rejects(
		db.transaction(async tx => {
			await tx.publish(LedgerContract, "entryRecorded", { key: "b", seq: 0 }, { key: "b" });
			throw new Error("rolled back on purpose");
		}),
		/rolled back on purpose/,
		"the rollback reports the handler's error"
	);
	// PostgreSQL delivers notifications before the reply to a later query on the same session.
	await listener.query("select 1");
	t.equal(notified.length, 1, "one wake-up for the commit, none for the rollback");
});

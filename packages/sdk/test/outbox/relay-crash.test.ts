// The relay process is SIGKILLed again and again mid-batch, also between the
// broker's acknowledgement and marking rows sent: nothing lost, nothing
// handled twice.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { createRelay } from "../../src/index.js";
import { serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import {
	compareLedgers,
	ledgerReader,
	openConsumerDatabase,
	openProducerDatabase,
	handledCount,
	recordEntry,
	waitForHandled
} from "../support/ledger.js";
import { waitForChannelsDrained } from "../support/deliveries.js";
import { cleanChannels, testDatabaseUrl } from "../../src/testing/index.js";

const relayProcess = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "relay-process.ts");
const TOTAL = 5000;
const KEYS = 20;

function runRelay(env: Record<string, string>) {
	const child = spawn(process.execPath, [...process.execArgv, relayProcess], {
		env: { ...process.env, ...env },
		stdio: ["ignore", "pipe", "inherit"]
	});
	const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
	return { child, exited };
}

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats"));
t.test("relay SIGKILLed repeatedly mid-batch and between ack and mark: zero lost, zero duplicate side effects", { skip }, async t => {
	const channels = serverUrl("nats");
	const namespace = uniqueNamespace("crash");
	cleanChannels(t, channels, namespace);
	const producerUrl = testDatabaseUrl(t, "postgres", "producer");
	const producerDb = openProducerDatabase(producerUrl);
	const consumerDb = openConsumerDatabase(testDatabaseUrl(t, "postgres", "consumer"));
	t.teardown(() => Promise.all([producerDb.close(), consumerDb.close()]));
	const reader = ledgerReader(consumerDb);
	const broker = await startTestBroker(t, { channels, namespace, services: [reader.service] });

	await Promise.all(
		Array.from({ length: KEYS }, async (_, k) => {
			for (let seq = 0; seq < TOTAL / KEYS; seq++) await recordEntry(producerDb, `key-${k}`, seq);
		})
	);
	t.comment(`${TOTAL} events committed; the relay starts crashing`);
	const env = { RELAY_DB_URL: producerUrl, RELAY_CHANNELS: channels, RELAY_NAMESPACE: namespace };
	let selfKills = 0;
	let outsideKills = 0;
	for (let round = 0; round < 8; round++) {
		if (round % 2 === 0) {
			// Dies by its own hand just after an acknowledgement, before marking the batch.
			const { exited } = runRelay({ ...env, RELAY_CRASH_AFTER: String(50 + Math.floor(Math.random() * 400)) });
			const [, signal] = await exited;
			if (signal === "SIGKILL") selfKills++;
		} else {
			// Killed from outside at a random moment of its work.
			const { child, exited } = runRelay(env);
			await once(child.stdout, "data");
			await new Promise(resolve => setTimeout(resolve, 50 + Math.random() * 250));
			child.kill("SIGKILL");
			const [, signal] = await exited;
			if (signal === "SIGKILL") outsideKills++;
		}
		t.comment(`round ${round + 1}: ${await handledCount(consumerDb)} of ${TOTAL} handled so far`);
	}
	t.equal(selfKills, 4, "the relay died 4 times right after an acknowledgement");
	t.equal(outsideKills, 4, "and was killed 4 times from outside");
	const survivor = createRelay(broker, producerDb, { pollIntervalMs: 100 });
	await survivor.start();
	t.teardown(() => survivor.stop());
	await waitForHandled(consumerDb, TOTAL, 120_000, line => t.comment(line));
	// Redeliveries of what a dead relay published twice are settled before the ledgers are compared.
	await waitForChannelsDrained(channels, namespace);
	const report = await compareLedgers(producerDb, consumerDb);
	t.equal(report.committed, TOTAL);
	t.equal(report.missing, 0, "zero lost");
	t.equal(report.handledRows, report.handledDistinct, "zero duplicate side effects");
	t.equal((await survivor.stats()).pending, 0);
});

// Distributed mode: PostgreSQL and NATS JetStream channels, calls over NATS.
import t from "tap";
import { serverUrl, skipUnlessServer } from "../../src/testing/index.js";
import { outboxSuite } from "../support/outbox-suite.js";

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("nats"));
t.test("PostgreSQL + JetStream", { skip }, async t => {
	outboxSuite(t, { dialect: "postgres", channels: serverUrl("nats"), transporter: serverUrl("nats") });
});

// Distributed mode: PostgreSQL and Redis Streams channels, calls over NATS.
import t from "tap";
import { serverUrl, skipUnlessServer } from "../../src/testing/index.js";
import { outboxSuite } from "../support/outbox-suite.js";

const skip = (await skipUnlessServer("postgres")) || (await skipUnlessServer("redis")) || (await skipUnlessServer("nats"));
t.test("PostgreSQL + Redis Streams", { skip }, async t => {
	outboxSuite(t, { dialect: "postgres", channels: serverUrl("redis"), transporter: serverUrl("nats") });
});

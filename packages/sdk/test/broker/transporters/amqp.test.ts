import t from "tap";
import { serverUrl, skipUnlessServer } from "../../../src/testing/index.js";
import { contractSuite } from "../../support/contract-suite.js";
import { networkPair } from "../../support/start-pair.js";

t.test("contract suite over amqp", { skip: await skipUnlessServer("amqp") }, async t => {
	contractSuite(t, networkPair(serverUrl("amqp")), true);
});

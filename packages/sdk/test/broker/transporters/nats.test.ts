import t from "tap";
import { serverUrl, skipUnlessServer } from "../../../src/testing/index.js";
import { contractSuite } from "../../support/contract-suite.js";
import { networkPair } from "../../support/start-pair.js";

t.test("contract suite over nats", { skip: await skipUnlessServer("nats") }, async t => {
	contractSuite(t, networkPair(serverUrl("nats")), true);
});

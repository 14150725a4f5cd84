import t from "tap";
import { serverUrl, skipUnlessServer } from "../../../src/testing/index.js";
import { contractSuite } from "../../support/contract-suite.js";
import { networkPair } from "../../support/start-pair.js";

t.test("contract suite over redis", { skip: await skipUnlessServer("redis") }, async t => {
	contractSuite(t, networkPair(serverUrl("redis")), true);
});

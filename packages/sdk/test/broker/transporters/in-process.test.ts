import t from "tap";
import { contractSuite } from "../../support/contract-suite.js";
import { inProcessPair } from "../../support/start-pair.js";

contractSuite(t, inProcessPair, false);

import t from "tap";
import { contractSuite } from "../../support/contract-suite.js";
import { tcpPair } from "../../support/start-pair.js";

contractSuite(t, tcpPair, true);

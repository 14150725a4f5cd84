// The crud adapter on PostgreSQL (a schema of the test's own).
import t from "tap";
import { skipUnlessServer } from "../../src/testing/index.js";
import { crudServiceSuite } from "../support/crud-service-suite.js";
import { crudSuite } from "../support/crud-suite.js";
import { songsSuite } from "../support/songs-suite.js";

const skip = await skipUnlessServer("postgres");
t.test("on PostgreSQL", { skip }, async t => {
	crudSuite(t, "postgres");
	crudServiceSuite(t, "postgres");
	songsSuite(t, "postgres");
});

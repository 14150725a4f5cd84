// The crud adapter on SQLite (embedded mode).
import t from "tap";
import { crudServiceSuite } from "../support/crud-service-suite.js";
import { crudSuite } from "../support/crud-suite.js";
import { songsSuite } from "../support/songs-suite.js";

crudSuite(t, "sqlite");
crudServiceSuite(t, "sqlite");
songsSuite(t, "sqlite");

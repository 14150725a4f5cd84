// The crud adapter on SQLite (embedded mode).
import t from "tap";
import { crudServiceSuite } from "../support/crud-service-suite.js";
import { crudSuite } from "../support/crud-suite.js";

crudSuite(t, "sqlite");
crudServiceSuite(t, "sqlite");

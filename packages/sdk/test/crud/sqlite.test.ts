// The crud adapter on SQLite (embedded mode).
import t from "tap";
import { crudSuite } from "../support/crud-suite.js";

crudSuite(t, "sqlite");

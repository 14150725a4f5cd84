// Embedded mode: SQLite databases and the in-process channel adapter, no servers.
import t from "tap";
import { outboxSuite } from "../support/outbox-suite.js";

outboxSuite(t, { dialect: "sqlite", channels: "in-process", transporter: "in-process" });

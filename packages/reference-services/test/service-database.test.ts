// Where each platform service keeps its data, from the environment.
import t from "tap";
import { serviceDatabaseUrl } from "../src/config/service-database.js";

t.test("the service's own URL, else the shared one in a schema of its own, else its SQLite file", async t => {
	t.equal(serviceDatabaseUrl("users", {}), undefined, "no URL: users.sqlite under BACKBEAT_DATA_DIR");
	t.equal(serviceDatabaseUrl("users", { BACKBEAT_DATABASE_URL: "postgres://db/platform" }), "postgres://db/platform?schema=users");
	t.equal(
		serviceDatabaseUrl("library", { BACKBEAT_DATABASE_URL: "postgresql://db/platform?sslmode=disable" }),
		"postgresql://db/platform?sslmode=disable&schema=library"
	);
	t.equal(
		serviceDatabaseUrl("users", { BACKBEAT_DATABASE_URL: "postgres://db/p?schema=all" }),
		"postgres://db/p?schema=all",
		"a named schema is kept"
	);
	t.equal(serviceDatabaseUrl("users", { BACKBEAT_DATABASE_URL: "sqlite:/tmp/all.sqlite" }), "sqlite:/tmp/all.sqlite");
	t.equal(
		serviceDatabaseUrl("users", { USERS_DATABASE_URL: "postgres://other/u", BACKBEAT_DATABASE_URL: "postgres://db/p" }),
		"postgres://other/u",
		"the service's own variable wins"
	);
});

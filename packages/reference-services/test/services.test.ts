import { existsSync } from "node:fs";
import { join } from "node:path";
import { client } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createServices } from "../src/services.js";
import { UsersContract } from "../src/users/contract.js";
import { useTemporaryDataDir } from "./support/data-dir.js";

t.test("createServices lists every service of the platform, ready to start together", async t => {
	const dataDir = useTemporaryDataDir(t);
	const services = createServices();
	const names = services.map(s => s.name);
	t.ok(names.includes("catalog") && names.includes("users"), names.join(", "));
	t.equal(new Set(names).size, names.length, "each service once");
	const broker = await startTestBroker(t, { services });
	t.equal((await client(broker, CatalogContract).getTrack({ id: "trk-1" })).title, "Blue in Green");
	const { user } = await client(broker, UsersContract).register({ email: "a@example.com", password: "password 1", displayName: "A" });
	t.equal((await client(broker, UsersContract).getUser({ id: user.id })).displayName, "A");
	t.ok(existsSync(join(dataDir, "users.sqlite")), "the users database is a SQLite file in the data folder");
});

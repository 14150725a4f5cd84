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
	for (const name of [
		"catalog",
		"catalog-artists",
		"catalog-albums",
		"catalog-tracks",
		"users",
		"library",
		"playlists",
		"streaming",
		"payments",
		"payments-provider",
		"recommendations",
		"notifications"
	])
		t.ok(names.includes(name), name);
	t.equal(new Set(names).size, names.length, "each service once");
	const broker = await startTestBroker(t, { services });
	const catalog = client(broker, CatalogContract);
	const found = await catalog.search({ q: "love", type: ["track"], limit: 1 });
	t.ok((found.tracks?.total ?? 0) > 0, "the catalog was generated on the first start");
	const first = found.tracks?.items[0];
	t.equal((await catalog.getTrack({ id: first?.id ?? "" })).title, first?.title);
	const { user } = await client(broker, UsersContract).register({ email: "a@example.com", password: "password 1", displayName: "A" });
	t.equal((await client(broker, UsersContract).getUser({ id: user.id })).displayName, "A");
	t.ok(existsSync(join(dataDir, "users.sqlite")), "the users database is a SQLite file in the data folder");
	t.ok(existsSync(join(dataDir, "catalog.sqlite")), "and so is the catalog's");
});

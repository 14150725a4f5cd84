import { client } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createServices } from "../src/services.js";

t.test("createServices lists every service of the platform, ready to start together", async t => {
	const services = createServices();
	const names = services.map(s => s.name);
	t.ok(names.includes("catalog"));
	t.equal(new Set(names).size, names.length, "each service once");
	const broker = await startTestBroker(t, { services });
	t.equal((await client(broker, CatalogContract).getTrack({ id: "trk-1" })).title, "Blue in Green");
});
